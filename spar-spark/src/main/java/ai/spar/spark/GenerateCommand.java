package ai.spar.spark;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate}: one SPaR data-generation iteration on Spark. Under {@code spark-submit} the
 * session comes from the submit's configuration; elsewhere it runs on local Spark ({@code
 * --spark-master} to choose).
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate one SPaR iteration's data: actor samples, judgments, refinement trees, preference pairs.",
      "Tables land in <output>/iteration=<N>/ as Parquet, with a run manifest _run.json."
    })
public class GenerateCommand implements Callable<Integer> {

  @Option(
      names = "--config",
      description = "YAML configuration (default: conf/spar.yaml).",
      paramLabel = "FILE")
  String config;

  @Option(
      names = "--iteration",
      description = "SPaR iteration t (job.iteration).",
      paramLabel = "N")
  Integer iteration;

  @Option(
      names = "--input",
      description = "Instructions, JSONL or Parquet (job.input).",
      paramLabel = "PATH")
  String input;

  @Option(names = "--output", description = "Output root (job.output).", paramLabel = "PATH")
  String output;

  @Option(
      names = "--resume",
      description = "Continue an interrupted run of the same input and configuration.")
  boolean resume;

  @Option(
      names = "--wait",
      description =
          "When another run holds the output (its _lease.json), wait for it to end instead of"
              + " failing with exit code 5.")
  boolean waitForOutput;

  @Option(
      names = "--set",
      description = "Override a configuration key, e.g. --set search.branch=2 (repeatable).",
      paramLabel = "KEY=VALUE")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(
      names = "--spark-master",
      description = "Spark master when not under spark-submit (default: local[*]).",
      paramLabel = "URL")
  String sparkMaster;

  @Override
  public Integer call() {
    SparConfig resolved = resolveConfig();
    resolved = prepare(resolved);
    resolved.model().requiredActor();
    SparkSession spark = session(sparkMaster);
    GenerateJob job =
        GenerateJob.withPromptFiles(spark, resolved, ModelLoader.of(resolved.model()));
    RunManifest manifest = job.run(resume, waitForOutput);
    System.out.println(Summary.of(manifest));
    if (noValidInput(manifest)) {
      System.err.printf(
          "spar generate: no input row was valid: all %d rows of %s are INVALID_INPUT (their"
              + " messages are in %s/outcomes); exit code %d%n",
          manifest.inputRows(), manifest.input(), manifest.output(), ExitCodes.NO_VALID_INPUT);
      return ExitCodes.NO_VALID_INPUT;
    }
    return ExitCodes.OK;
  }

  /** Whether every outcome of the run is {@code INVALID_INPUT}. */
  static boolean noValidInput(RunManifest manifest) {
    return manifest.inputRows() > 0
        && manifest.outcomes().getOrDefault("INVALID_INPUT", 0L) == manifest.inputRows();
  }

  /**
   * The configuration: file (or conf/spar.yaml), then --set overrides, then the dedicated flags.
   */
  public SparConfig resolveConfig() {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    if (iteration != null) {
      all.put("job.iteration", iteration.toString());
    }
    if (input != null) {
      all.put("job.input", input);
    }
    if (output != null) {
      all.put("job.output", output);
    }
    return SparConfigLoader.resolve(config, all);
  }

  /**
   * A hook run on the driver before the job starts (the launcher prepares the embedded demo assets
   * here).
   */
  protected SparConfig prepare(SparConfig config) {
    return config;
  }

  /**
   * The Spark session: the one spark-submit configured, else {@code master} (when given), else
   * local Spark on all cores bound to 127.0.0.1 with the UI off.
   */
  public static SparkSession session(String master) {
    String sparkMaster = master;
    SparkConf conf = new SparkConf();
    SparkSession.Builder builder = SparkSession.builder().appName("spar-generate");
    if (sparkMaster != null) {
      builder.master(sparkMaster);
    } else if (!conf.contains("spark.master")) {
      builder
          .master("local[*]")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config(
              "spark.sql.shuffle.partitions",
              String.valueOf(Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));
    }
    return builder.getOrCreate();
  }
}
