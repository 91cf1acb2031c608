package ai.spar.cli;

import ai.spar.trainer.Objective;
import ai.spar.trainer.OutputPolicy;
import ai.spar.trainer.TrainConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The flags shared by {@code train dpo} and {@code train sft}: the starting model, the output and
 * the training settings (a flag overrides the config file).
 */
final class TrainOptions {
  @Option(
      names = "--model",
      required = true,
      description = "starting model directory (Hugging Face layout)")
  Path model;

  @Option(
      names = "--output",
      required = true,
      description = "output directory (checkpoints, metrics, final/)")
  Path output;

  @Option(names = "--config", description = "YAML training config (keys of TrainConfig)")
  Path config;

  @Option(names = "--learning-rate", description = "peak learning rate")
  Double learningRate;

  @Option(names = "--epochs", description = "passes over the data")
  Integer epochs;

  @Option(names = "--batch-size", description = "examples (pairs) per micro-batch")
  Integer batchSize;

  @Option(names = "--grad-accum", description = "micro-batches per optimizer step")
  Integer gradAccum;

  @Option(names = "--beta", description = "DPO beta")
  Double beta;

  @Option(names = "--max-length", description = "cutoff in tokens per sequence")
  Integer maxLength;

  @Option(names = "--seed", description = "shuffle seed")
  Long seed;

  @Option(names = "--device", description = "cpu, gpu, gpu:N or auto")
  String device;

  @Option(
      names = "--max-steps",
      description = "cap on optimizer steps; the schedule spans the capped run (0: none)")
  Integer maxSteps;

  @Option(
      names = "--threads",
      description = "PyTorch intra-op threads (0: every processor; use 1 on a busy machine)")
  Integer threads;

  @Option(
      names = "--overwrite",
      description =
          "replace a finished model in --output (final/, checkpoints and metrics.jsonl are"
              + " deleted first); without it such an output is refused")
  boolean overwrite;

  @Option(
      names = "--wait",
      description =
          "when another run holds --output (its _lease.json), wait for it to end instead of"
              + " failing with exit code 5")
  boolean waitForOutput;

  /** What the run may do to its output directory. */
  OutputPolicy outputPolicy() {
    return new OutputPolicy(overwrite, waitForOutput);
  }

  /** Defaults, then the file, then the flags. */
  TrainConfig resolve(Objective objective) {
    TrainConfig base =
        config == null ? TrainConfig.defaults(objective) : TrainConfig.load(config, objective);
    Map<String, Object> flags = new LinkedHashMap<>();
    put(flags, "learningRate", learningRate);
    put(flags, "epochs", epochs);
    put(flags, "batchSize", batchSize);
    put(flags, "gradAccum", gradAccum);
    put(flags, "beta", beta);
    put(flags, "maxLength", maxLength);
    put(flags, "seed", seed);
    put(flags, "device", device);
    put(flags, "maxSteps", maxSteps);
    put(flags, "threads", threads);
    return base.with(flags);
  }

  private static void put(Map<String, Object> flags, String key, Object value) {
    if (value != null) {
      flags.put(key, value);
    }
  }
}
