package ai.spar.cli;

import ai.spar.bench.GenerateSubmission;
import ai.spar.bench.JobBenchmark;
import ai.spar.bench.LocalSparkHome;
import ai.spar.config.ConfFiles;
import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spar bench job}: the generation job on local[2] against the same rounds run directly, and
 * on a loopback standalone cluster with one and two executors; prints a table.
 */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = {
      "Time the generation job: direct rounds in one JVM vs the job on local[2], and the job on a",
      "loopback standalone cluster (127.0.0.1) with 1 and 2 single-core executors. Same input, model",
      "and configuration everywhere."
    })
public final class BenchJobCommand implements Callable<Integer> {
  @Option(names = "--config", description = "YAML configuration (default: conf/spar.yaml).")
  String config;

  @Option(names = "--input", required = true, description = "instructions (JSONL or Parquet)")
  String input;

  @Option(names = "--model", required = true, description = "model directory (actor and refiner)")
  Path model;

  @Option(
      names = "--set",
      description = "override a configuration key (repeatable)",
      paramLabel = "KEY=VALUE")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Option(names = "--repeats", defaultValue = "2", description = "default: ${DEFAULT-VALUE}")
  int repeats;

  @Option(
      names = "--work-dir",
      defaultValue = "work/bench-job",
      description = "outputs and cluster files (default: ${DEFAULT-VALUE})")
  Path workDir;

  @Option(names = "--no-cluster", description = "skip the loopback cluster rows")
  boolean noCluster;

  @Option(
      names = "--app-jar",
      description =
          "application jar (default: spar-spark/target/spar-spark-*-app.jar of SPAR_HOME)")
  Path appJar;

  @Override
  public Integer call() throws Exception {
    Map<String, String> all = new LinkedHashMap<>(overrides);
    all.put("job.input", input);
    all.put("model.actor", model.toAbsolutePath().toString());
    String file = config == null ? "conf/spar.yaml" : config;
    SparConfig resolved = SparConfigLoader.parse(ConfFiles.read(file), file, all);
    Path home = home();
    Optional<JobBenchmark.ClusterRun> cluster =
        noCluster
            ? Optional.empty()
            : Optional.of(
                new JobBenchmark.ClusterRun(
                    LocalSparkHome.currentClassPath(),
                    appJar == null ? findAppJar(home) : appJar,
                    nativeJar(),
                    GenerateSubmission.jvmOptions(home.resolve("conf/jvm.properties")),
                    System.getProperty(
                        "DJL_CACHE_DIR", home.resolve(".djl-cache").toAbsolutePath().toString()),
                    home.resolve("conf/log4j2.properties"),
                    home));
    double loadBefore = JobBenchmark.loadAverage();
    List<JobBenchmark.Measurement> rows =
        new JobBenchmark(
                new JobBenchmark.Settings(
                    resolved,
                    ConfFiles.read(resolved.prompts().judge()),
                    ConfFiles.read(resolved.prompts().refine()),
                    repeats,
                    workDir,
                    cluster))
            .run();
    print(rows, loadBefore, JobBenchmark.loadAverage());
    return 0;
  }

  static void print(List<JobBenchmark.Measurement> rows, double loadBefore, double loadAfter) {
    System.out.printf(
        Locale.ROOT,
        "%-28s %4s %10s %10s %6s %8s %9s%n",
        "setup",
        "run",
        "ms",
        "wall ms",
        "instr",
        "tokens",
        "tokens/s");
    for (JobBenchmark.Measurement m : rows) {
      System.out.printf(
          Locale.ROOT,
          "%-28s %4s %10d %10d %6d %8d %9.1f%n",
          m.setup(),
          m.run() == 0 ? "-" : Integer.toString(m.run()),
          m.millis(),
          m.wallMillis(),
          m.instructions(),
          m.generatedTokens(),
          m.millis() == 0 ? 0.0 : m.generatedTokens() * 1000.0 / m.millis());
    }
    double direct = best(rows, "direct");
    double local = best(rows, "job local[2]");
    double one = best(rows, "job cluster 1x1");
    double two = best(rows, "job cluster 2x1");
    System.out.printf(
        Locale.ROOT,
        "best of runs: job local[2] / direct = %.2f (start-up excluded: Spark session, model"
            + " load and one warm-up pass of each)%n",
        local / direct);
    if (!Double.isNaN(one) && !Double.isNaN(two)) {
      System.out.printf(
          Locale.ROOT,
          "best of runs: cluster 1 executor / 2 executors = %.2f (job time from the manifest:"
              + " excludes JVM and SparkContext start, includes executor model loads)%n",
          one / two);
    }
    System.out.printf(
        Locale.ROOT,
        "load average %.2f before, %.2f after on %d processors%n",
        loadBefore,
        loadAfter,
        Runtime.getRuntime().availableProcessors());
  }

  private static double best(List<JobBenchmark.Measurement> rows, String prefix) {
    return rows.stream()
        .filter(m -> m.run() > 0 && m.setup().startsWith(prefix))
        .mapToLong(JobBenchmark.Measurement::millis)
        .min()
        .stream()
        .asDoubleStream()
        .findFirst()
        .orElse(Double.NaN);
  }

  private static Path home() {
    String home = System.getProperty("spar.home", System.getenv("SPAR_HOME"));
    return (home == null ? Path.of("") : Path.of(home)).toAbsolutePath();
  }

  private static Path findAppJar(Path home) throws java.io.IOException {
    Path target = home.resolve("spar-spark/target");
    List<Path> jars = new ArrayList<>();
    if (Files.isDirectory(target)) {
      try (Stream<Path> files = Files.list(target)) {
        files
            .filter(p -> p.getFileName().toString().matches("spar-spark-.*-app\\.jar"))
            .forEach(jars::add);
      }
    }
    if (jars.isEmpty()) {
      throw new IllegalArgumentException(
          "no application jar in " + target + ": build it with mvn package, or pass --app-jar");
    }
    return jars.get(0);
  }

  private static Path nativeJar() {
    return LocalSparkHome.currentClassPath().stream()
        .filter(p -> p.getFileName().toString().startsWith("pytorch-native-cpu-"))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "pytorch-native-cpu is not on the class path (run through bin/spar)"));
  }
}
