package ai.spar.cli;

import ai.spar.bench.TrainBenchmark;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spar bench train}: DPO and SFT training throughput on a ~25M-parameter random Llama. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Training throughput: DPO and SFT policy tokens/s on a ~25M-parameter random Llama (hidden 512, 8 layers,"
          + " 8 heads, 4 KV heads, MLP 1408) at two batch sizes, the share of time in reference log-probs when"
          + " computed vs read from the cache, and peak memory."
    })
final class BenchTrainCommand implements Callable<Integer> {
  @Option(
      names = "--tokenizer-model",
      description =
          "A model directory whose tokenizer and chat template are used (default: the demo model).",
      paramLabel = "DIR")
  Path tokenizerModel;

  @Option(
      names = "--batch-sizes",
      split = ",",
      defaultValue = "2,8",
      description = "Default: ${DEFAULT-VALUE}.")
  int[] batchSizes;

  @Option(
      names = "--steps",
      defaultValue = "4",
      description = "Optimizer steps timed per run (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--response-words",
      defaultValue = "40",
      description =
          "Words per synthetic response: sets the sequence length (default: ${DEFAULT-VALUE}).")
  int responseWords;

  @Option(
      names = "--device",
      defaultValue = "cpu",
      description = "cpu, gpu:N or auto (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(
      names = "--threads",
      defaultValue = "0",
      description =
          "PyTorch intra-op threads; 0: every processor, 1 on a busy machine (default:"
              + " ${DEFAULT-VALUE}).")
  int threads;

  @Override
  public Integer call() throws IOException {
    Path tokenizer =
        tokenizerModel != null
            ? tokenizerModel
            : DemoAssets.demoModel(Paths.get("work/models/demo").toAbsolutePath());
    Path work = Files.createTempDirectory("spar-bench-train");
    var os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    double loadBefore = os.getSystemLoadAverage();
    try {
      List<TrainBenchmark.Result> results =
          TrainBenchmark.run(work, tokenizer, batchSizes, steps, responseWords, device, threads);
      System.out.printf(
          Locale.ROOT,
          "%d processors; load average %.2f at the start, %.2f at the end (this run included)%n",
          Runtime.getRuntime().availableProcessors(),
          loadBefore,
          os.getSystemLoadAverage());
      System.out.printf(
          Locale.ROOT,
          "%-4s %6s %6s %14s %10s %12s %10s %12s %10s %8s%n",
          "obj",
          "batch",
          "steps",
          "policy tok/s",
          "opt share",
          "ref comp s",
          "ref share",
          "ref cached s",
          "peak MiB",
          "threads");
      for (TrainBenchmark.Result r : results) {
        System.out.printf(
            Locale.ROOT,
            "%-4s %6d %6d %14.1f %9.1f%% %12.2f %9.1f%% %12.3f %10d %8d%n",
            r.objective(),
            r.batchSize(),
            r.steps(),
            r.tokensPerSecond(),
            100 * r.optimizerShare(),
            r.referenceSeconds(),
            100 * r.referenceShare(),
            r.cachedReferenceSeconds(),
            r.peakRssMiB(),
            r.threads());
      }
      return 0;
    } finally {
      try {
        MoreFiles.deleteRecursively(work, RecursiveDeleteOption.ALLOW_INSECURE);
      } catch (IOException e) {
        System.err.println("could not clean " + work + ": " + e.getMessage());
      }
    }
  }
}
