package ai.spar.cli;

import ai.spar.bench.MiniatureBench;
import ai.spar.bench.MiniatureBenchReport;
import ai.spar.bench.MiniatureBenchSettings;
import ai.spar.config.ConfFiles;
import ai.spar.llm.llama.PyTorchEngine;
import ai.spar.trainer.Objective;
import ai.spar.trainer.TrainConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spar bench miniature}: the miniature benchmark ({@link MiniatureBench}); prints a table
 * and writes it as JSON.
 */
@Command(
    name = "miniature",
    mixinStandardHelpOptions = true,
    description = {
      "The miniature SPaR experiment: from the SFT model, SPaR iterations on fresh instructions",
      "with refined pairs (the method) and with independent-sampling pairs at equal pair count,",
      "each with the model's own judge and the rule judge, and the non-iterative control;",
      "actor accuracy on test and dev sets, judge accuracy, false alarms, misses, root precision,",
      "pair correctness and minimality; paired differences with standard errors.",
      "--quick: a CI-sized run (minutes; wiring, not accuracy)."
    })
public final class BenchMiniatureCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "the JSON file to write")
  Path out;

  @Option(
      names = "--work",
      description = "work directory (default: work/bench-miniature, or -quick)",
      paramLabel = "DIR")
  Path work;

  @Option(
      names = "--data",
      description = "output of `spar miniature data` (default: written under the work directory)",
      paramLabel = "DIR")
  Path data;

  @Option(
      names = "--base-model",
      description = "the SFT base model (default: trained under the work directory)",
      paramLabel = "DIR")
  Path baseModel;

  @Option(names = "--quick", description = "the CI-sized variant")
  boolean quick;

  @Option(
      names = "--test-tasks",
      description = "test instructions, used only for reporting (default: 400, quick 16)",
      paramLabel = "N")
  Integer testTasks;

  @Option(
      names = "--dev-tasks",
      description = "dev instructions, for the learning-rate choice and the judge (default: 200)",
      paramLabel = "N")
  Integer devTasks;

  @Option(
      names = "--train-tasks",
      description = "fresh instructions of every iteration (default: 512, quick 16)",
      paramLabel = "N")
  Integer trainTasks;

  @Option(
      names = "--iterations",
      description = "SPaR iterations per arm (default: 3, quick 2)",
      paramLabel = "N")
  Integer iterations;

  @Option(
      names = "--seeds",
      description = "repetitions with other job and DPO seeds (default: 1)",
      paramLabel = "N")
  Integer seeds;

  @Option(
      names = "--dpo-learning-rates",
      split = ",",
      description =
          "DPO learning rates tried on the dev set (default: 2e-5,5e-5,1e-4; one: no sweep)",
      paramLabel = "LR")
  List<Double> dpoLearningRates;

  @Option(
      names = "--no-rule-judge-arms",
      description = "skip the arms with the rule judge (the DPO sanity check)")
  boolean noRuleJudgeArms;

  @Option(
      names = "--independent-iterations",
      description =
          "iterations of the independent-pairs arms (default: all; 1 compares both kinds of pairs"
              + " from the same first generation)",
      paramLabel = "N")
  Integer independentIterations;

  @Option(
      names = "--threads",
      defaultValue = "1",
      description =
          "PyTorch intra-op threads of the whole run (default: ${DEFAULT-VALUE}: on a busy 2-core"
              + " machine a second thread waits more than it computes)",
      paramLabel = "N")
  int threads;

  @Option(
      names = "--config",
      defaultValue = "conf/miniature/experiment.yaml",
      description = "SPaR settings of the iterations (default: ${DEFAULT-VALUE})")
  Path config;

  @Option(
      names = "--base-config",
      defaultValue = "conf/miniature/base-sft.yaml",
      description = "training settings of the base model (default: ${DEFAULT-VALUE})")
  Path baseConfig;

  @Option(
      names = "--dpo-config",
      defaultValue = "conf/miniature/dpo.yaml",
      description = "the actor's DPO settings (default: ${DEFAULT-VALUE})")
  Path dpoConfig;

  @Option(
      names = "--refiner-config",
      defaultValue = "conf/miniature/refiner-sft.yaml",
      description = "the refiner's SFT settings (default: ${DEFAULT-VALUE})")
  Path refinerConfig;

  @Override
  public Integer call() {
    MiniatureBenchSettings settings =
        (quick ? MiniatureBenchSettings.quick() : MiniatureBenchSettings.full())
            .with(
                testTasks,
                devTasks,
                trainTasks,
                iterations,
                seeds,
                dpoLearningRates,
                noRuleJudgeArms ? Boolean.FALSE : null,
                independentIterations);
    PyTorchEngine.start(threads);
    Path dir =
        work != null
            ? work
            : Path.of(quick ? "work/bench-miniature-quick" : "work/bench-miniature");
    Optional<TrainConfig> base =
        baseModel == null
            ? Optional.of(TrainConfig.load(resolve(baseConfig), Objective.SFT))
            : Optional.empty();
    if (quick && base.isPresent()) {
      base =
          Optional.of(
              base.get()
                  .with(Map.of("epochs", 1, "maxSteps", MiniatureBenchSettings.QUICK_BASE_STEPS)));
    }
    MiniatureBench bench =
        new MiniatureBench(
            settings,
            dir,
            resolve(config),
            TrainConfig.load(resolve(dpoConfig), Objective.DPO),
            TrainConfig.load(resolve(refinerConfig), Objective.SFT),
            base);
    SparkSession spark =
        SparkSession.builder()
            .appName("spar-bench-miniature")
            .master("local[1]")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .getOrCreate();
    MiniatureBench.Result result;
    try {
      result = bench.run(Optional.ofNullable(data), Optional.ofNullable(baseModel), spark);
    } finally {
      spark.stop();
    }
    Map<String, Object> json = MiniatureBenchReport.toJson(result, quick);
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    MiniatureBenchReport.print(System.out, result);
    System.out.println("wrote " + out);
    return 0;
  }

  /** A configuration file found like every other (working directory, then the SPaR home). */
  private static Path resolve(Path file) {
    return ConfFiles.locate(file.toString()).orElse(file);
  }
}
