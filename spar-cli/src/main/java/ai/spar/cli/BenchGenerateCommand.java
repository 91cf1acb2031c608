package ai.spar.cli;

import ai.spar.bench.GenerationBenchmark;
import ai.spar.llm.llama.DecodeStats;
import ai.spar.llm.llama.DjlLlamaModel;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spar bench generate}: prefill/decode throughput, KV cache vs recompute, matmul ceiling,
 * peak RSS.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Measure generation throughput of a checkpoint and print a table.")
public final class BenchGenerateCommand implements Callable<Integer> {
  @Mixin ModelOptions modelOptions = new ModelOptions("cpu");

  @Option(
      names = "--batches",
      split = ",",
      defaultValue = "1,8,32",
      description = "default: ${DEFAULT-VALUE}")
  int[] batches;

  @Option(
      names = "--n",
      defaultValue = "32",
      description = "samples of one prompt (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--prompt-tokens", defaultValue = "64", description = "default: ${DEFAULT-VALUE}")
  int promptTokens;

  @Option(names = "--new-tokens", defaultValue = "64", description = "default: ${DEFAULT-VALUE}")
  int newTokens;

  @Option(
      names = "--contexts",
      split = ",",
      defaultValue = "64,512",
      description = "default: ${DEFAULT-VALUE}")
  int[] contexts;

  @Override
  public Integer call() {
    try (DjlLlamaModel m = modelOptions.load()) {
      GenerationBenchmark.Report report =
          new GenerationBenchmark(m).run(batches, n, promptTokens, newTokens, contexts);
      double flopsPerToken = 2.0 * report.parameters();
      System.out.printf(
          Locale.ROOT,
          "model %s: %,d parameters, weights %.1f MB; f32 matmul ceiling %.1f GFLOP/s%n",
          m.info().id(),
          report.parameters(),
          report.weightBytes() / 1e6,
          report.matmulGflops());
      System.out.printf(
          Locale.ROOT,
          "%-28s %5s %7s %6s %12s %12s %10s %9s%n",
          "workload",
          "rows",
          "context",
          "cache",
          "prefill t/s",
          "decode t/s",
          "ms/step",
          "%ceiling");
      for (GenerationBenchmark.Row row : report.rows()) {
        DecodeStats s = row.stats();
        double ceiling =
            s.decodeTokensPerSecond() * flopsPerToken / (report.matmulGflops() * 1e9) * 100;
        System.out.printf(
            Locale.ROOT,
            "%-28s %5d %7d %6s %12.0f %12.1f %10.2f %8.1f%%%n",
            row.workload(),
            row.rows(),
            row.context(),
            row.kvCache() ? "kv" : "none",
            s.prefillTokensPerSecond(),
            s.decodeTokensPerSecond(),
            s.millisPerStep(),
            ceiling);
      }
      System.out.printf(
          Locale.ROOT,
          "peak RSS %.1f MB (after load %.1f MB; weights %.1f MB once, largest KV cache %.1f MB,"
              + " JVM heap committed %.1f MB)%n",
          report.peakRssBytes() / 1e6,
          report.loadedRssBytes() / 1e6,
          report.weightBytes() / 1e6,
          report.kvCacheBytes() / 1e6,
          report.heapCommittedBytes() / 1e6);
    }
    return 0;
  }
}
