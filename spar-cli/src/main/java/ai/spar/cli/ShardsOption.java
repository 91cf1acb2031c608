package ai.spar.cli;

import picocli.CommandLine.Option;

/** {@code --shards}: how many safetensors files a written checkpoint is split into. */
final class ShardsOption {
  @Option(
      names = "--shards",
      defaultValue = "1",
      description = "weight files (default: ${DEFAULT-VALUE})")
  int shards;
}
