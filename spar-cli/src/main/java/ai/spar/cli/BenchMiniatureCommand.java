package ai.spar.cli;

import ai.spar.config.ConfFiles;
import ai.spar.trainer.Objective;
import ai.spar.trainer.TrainConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
      "Measure the miniature: the SFT base model, SPaR iterations with refined pairs and the",
      "ablation with independent-sampling pairs (actor accuracy, judge accuracy, refinement",
      "success, pairs). --quick: a CI-sized run (minutes; wiring, not accuracy)."
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
      names = "--eval-tasks",
      description = "held-out instructions measured (default: 96, quick 16)",
      paramLabel = "N")
  Integer evalTasks;

  @Option(
      names = "--train-tasks",
      description = "instructions of every iteration (default: 128, quick 16)",
      paramLabel = "N")
  Integer trainTasks;

  @Option(
      names = "--iterations",
      description = "SPaR iterations per arm (default: 2)",
      paramLabel = "N")
  Integer iterations;

  @Option(
      names = "--config",
      defaultValue = "conf/miniature/spar.yaml",
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
        quick ? MiniatureBenchSettings.quick() : MiniatureBenchSettings.full();
    settings =
        new MiniatureBenchSettings(
            settings.sftInstructions(),
            evalTasks != null ? evalTasks : settings.evalTasks(),
            trainTasks != null ? trainTasks : settings.trainTasks(),
            iterations != null ? iterations : settings.iterations(),
            settings.evaluation(),
            settings.overrides());
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
    Map<String, Object> json = toJson(result, quick);
    try {
      Path parent = out.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out, e);
    }
    print(System.out, result);
    System.out.println("wrote " + out);
    return 0;
  }

  /** The JSON document: the refined arm's stages, the ablation's, seeds and times. */
  static Map<String, Object> toJson(MiniatureBench.Result result, boolean quick) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("variant", quick ? "quick" : "full");
    json.put("stages", result.refined().stages());
    json.put("ablation_independent_pairs", Map.of("stages", result.independent().stages()));
    json.put("seeds", result.seeds());
    json.put("base_sft_seconds", Math.round(result.baseSftSeconds() * 10) / 10.0);
    json.put("seconds", Math.round(result.seconds() * 10) / 10.0);
    return json;
  }

  static void print(PrintStream out, MiniatureBench.Result result) {
    out.printf(
        Locale.ROOT,
        "%-12s %-6s %8s %8s %8s %8s %6s%n",
        "pairs from",
        "stage",
        "prompt",
        "instr",
        "judge",
        "refine",
        "pairs");
    row(out, "refinement", result.refined().stages());
    row(out, "independent", result.independent().stages());
    out.printf(
        Locale.ROOT, "total %.0f s (base SFT %.0f s)%n", result.seconds(), result.baseSftSeconds());
  }

  private static void row(PrintStream out, String arm, List<Map<String, Object>> stages) {
    for (Map<String, Object> s : stages) {
      out.printf(
          Locale.ROOT,
          "%-12s %-6s %8.3f %8.3f %8.3f %8.3f %6d%n",
          arm,
          s.get("stage"),
          (Double) s.get("actor_prompt_strict"),
          (Double) s.get("actor_instruction_strict"),
          (Double) s.get("judge_accuracy"),
          (Double) s.get("refine_success"),
          (Long) s.get("pairs"));
    }
  }

  /** A configuration file found like every other (working directory, then the SPaR home). */
  private static Path resolve(Path file) {
    return ConfFiles.locate(file.toString()).orElse(file);
  }
}
