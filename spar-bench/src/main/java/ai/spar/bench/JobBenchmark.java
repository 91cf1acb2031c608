package ai.spar.bench;

import static org.apache.spark.sql.functions.spark_partition_id;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.llm.LanguageModel;
import ai.spar.selfplay.Instruction;
import ai.spar.selfplay.MeteredLanguageModel;
import ai.spar.selfplay.SelfPlayRound;
import ai.spar.spark.DjlModelLoader;
import ai.spar.spark.ExecutorModels;
import ai.spar.spark.GenerateJob;
import ai.spar.spark.InputReader;
import ai.spar.spark.ModelKey;
import ai.spar.spark.ModelLoader;
import ai.spar.spark.PartitionProcessor;
import ai.spar.spark.RunManifest;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the generation job against the same self-play rounds run directly, and the job on a
 * loopback cluster with one and with two executors (same input, same model, same configuration).
 *
 * <ul>
 *   <li>{@code direct}: the rounds over exactly the job's batches (same chunks, partitions, order
 *       and batch size), one after another in this JVM, no Spark in the timed part.
 *   <li>{@code local[2]}: {@link GenerateJob#run} on a local session (read, rounds in two task
 *       threads, staging, six tables, manifest).
 *   <li>{@code cluster Nx1}: {@code spark-submit} of the app jar to a {@link LoopbackCluster} with
 *       {@code spark.cores.max} N (N executors of one core); the job time is the manifest's {@code
 *       total} (the driver's job, without JVM and SparkContext start), the wall time is the whole
 *       submit.
 * </ul>
 *
 * The fixed start-up excluded from {@code direct} and {@code local[2]} is the Spark session start,
 * the model load (done once before, shared through {@link ExecutorModels}) and one unmeasured
 * warm-up pass of each (JIT and first-kernel costs); each is reported in its own row.
 */
public final class JobBenchmark {
  private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(JobBenchmark.class);

  /**
   * What to run.
   *
   * @param config the job configuration (input, model, sizes); its output is replaced per run
   * @param judgePromptText the judgment prompt
   * @param refinePromptText the refinement prompt
   * @param repeats measured runs per setup
   * @param workDir where outputs, configuration copies and the cluster go
   * @param cluster how to submit to a loopback cluster; empty skips the cluster rows
   */
  public record Settings(
      SparConfig config,
      String judgePromptText,
      String refinePromptText,
      int repeats,
      Path workDir,
      Optional<ClusterRun> cluster) {
    public Settings {
      Preconditions.checkArgument(repeats >= 1, "repeats must be >= 1, but was: %s", repeats);
    }
  }

  /**
   * The cluster part: the class path holding Spark's jars, the jars to submit, JVM options.
   *
   * @param classPath class path with Spark's jars (for the SPARK_HOME)
   * @param appJar the application jar
   * @param nativeJar the pytorch-native-cpu jar
   * @param jvmOptions options of every Spark JVM
   * @param djlCache the libtorch cache directory
   * @param logConfig Log4j 2 configuration of driver and executors
   * @param workingDirectory the driver's working directory (where {@code conf/} resolves)
   */
  public record ClusterRun(
      List<Path> classPath,
      Path appJar,
      Path nativeJar,
      List<String> jvmOptions,
      String djlCache,
      Path logConfig,
      Path workingDirectory) {}

  /**
   * One measurement.
   *
   * @param setup {@code direct}, {@code local[2]}, {@code cluster 1x1}, ...
   * @param run 1-based repeat, 0 for start-up rows
   * @param millis the measured time (see the class comment)
   * @param wallMillis wall time of the whole run including start-up, where it differs
   * @param instructions instructions processed
   * @param generatedTokens tokens generated
   */
  public record Measurement(
      String setup,
      int run,
      long millis,
      long wallMillis,
      long instructions,
      long generatedTokens) {}

  private final Settings settings;

  public JobBenchmark(Settings settings) {
    this.settings = settings;
  }

  /** Runs every setup {@code repeats} times and returns the measurements in run order. */
  public List<Measurement> run() {
    List<Measurement> rows = new ArrayList<>();
    SparConfig config = GenerateJob.withAbsoluteModelPaths(settings.config());
    long t = System.nanoTime();
    SparkSession spark =
        SparkSession.builder()
            .appName("spar-bench-job")
            .master("local[2]")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate();
    rows.add(new Measurement("start-up: spark session", 0, millisSince(t), millisSince(t), 0, 0));
    DjlModelLoader loader = new DjlModelLoader(config.model().maxBatchTokens());
    t = System.nanoTime();
    LanguageModel actor = model(config, config.model().actor(), loader);
    LanguageModel refiner = model(config, config.model().refinerOrActor(), loader);
    rows.add(new Measurement("start-up: model load", 0, millisSince(t), millisSince(t), 0, 0));

    List<List<Row>> batches = batches(spark, config);
    // One unmeasured pass of each: the first rounds of a JVM pay for JIT compilation and the
    // engine's first kernels (tens of seconds with the tiny model, against under a second after).
    Measurement warmDirect = direct(config, actor, refiner, batches, 0);
    Measurement warmLocal = local(spark, config, loader, 0);
    rows.add(
        new Measurement(
            "start-up: warm-up direct+job",
            0,
            warmDirect.millis() + warmLocal.millis(),
            warmDirect.millis() + warmLocal.millis(),
            0,
            0));
    for (int r = 1; r <= settings.repeats(); r++) {
      rows.add(direct(config, actor, refiner, batches, r));
      rows.add(local(spark, config, loader, r));
    }
    spark.stop();
    settings.cluster().ifPresent(cluster -> rows.addAll(cluster(config, cluster)));
    return rows;
  }

  private LanguageModel model(SparConfig config, String uri, ModelLoader loader) {
    // The key a local task uses (no GPU assigned): the job then reuses this replica.
    String device = PartitionProcessor.assignedDevice(config.model().device());
    return ExecutorModels.get(new ModelKey(uri, device, config.model().precision()), loader);
  }

  /** The job's batches, in the job's order: chunk by chunk, partition by partition. */
  private static List<List<Row>> batches(SparkSession spark, SparConfig config) {
    var input = InputReader.read(spark, config.job().input());
    long rows = input.count();
    int chunks =
        (int) Math.max(1, (rows + config.job().chunkSize() - 1) / config.job().chunkSize());
    int partitions =
        config.job().partitions() > 0
            ? config.job().partitions()
            : Math.max(1, spark.sparkContext().defaultParallelism());
    List<List<Row>> batches = new ArrayList<>();
    for (int chunk = 0; chunk < chunks; chunk++) {
      Map<Integer, List<Row>> byPartition = new LinkedHashMap<>();
      for (Row row :
          GenerateJob.chunkPartitions(input, chunks, chunk, partitions)
              .withColumn("partition", spark_partition_id())
              .collectAsList()) {
        byPartition
            .computeIfAbsent(row.getInt(row.fieldIndex("partition")), p -> new ArrayList<>())
            .add(row);
      }
      for (List<Row> partition : byPartition.values()) {
        for (int i = 0; i < partition.size(); i += config.job().batchSize()) {
          batches.add(
              partition.subList(i, Math.min(partition.size(), i + config.job().batchSize())));
        }
      }
    }
    return batches;
  }

  private Measurement direct(
      SparConfig config,
      LanguageModel actor,
      LanguageModel refiner,
      List<List<Row>> batches,
      int run) {
    MeteredLanguageModel meteredActor = new MeteredLanguageModel(actor);
    MeteredLanguageModel meteredRefiner =
        refiner == actor ? meteredActor : new MeteredLanguageModel(refiner);
    SelfPlayRound round =
        PartitionProcessor.newRound(
            config,
            meteredActor,
            meteredRefiner,
            settings.judgePromptText(),
            settings.refinePromptText());
    long instructions = 0;
    long t = System.nanoTime();
    for (List<Row> batch : batches) {
      List<Instruction> valid = new ArrayList<>();
      for (Row row : batch) {
        if (row.isNullAt(row.fieldIndex("error"))) {
          valid.add(PartitionProcessor.instruction(row));
        }
      }
      round.run(valid);
      instructions += batch.size();
    }
    long tokens =
        meteredActor.generatedTokens()
            + (meteredRefiner == meteredActor ? 0 : meteredRefiner.generatedTokens());
    long millis = millisSince(t);
    LOG.info("direct run {}: {} batches in {} ms", run, batches.size(), millis);
    return new Measurement("direct (rounds in one JVM)", run, millis, millis, instructions, tokens);
  }

  private Measurement local(SparkSession spark, SparConfig config, ModelLoader loader, int run) {
    SparConfig runConfig =
        config.withJob(
            config
                .job()
                .withOutput(settings.workDir().resolve("local").toAbsolutePath().toString()));
    long t = System.nanoTime();
    RunManifest manifest =
        new GenerateJob(
                spark, runConfig, settings.judgePromptText(), settings.refinePromptText(), loader)
            .run(false);
    long millis = millisSince(t);
    return new Measurement(
        "job local[2]", run, millis, millis, manifest.inputRows(), manifest.generatedTokens());
  }

  private List<Measurement> cluster(SparConfig config, ClusterRun run) {
    List<Measurement> rows = new ArrayList<>();
    Path dir = settings.workDir().toAbsolutePath();
    Path configFile = dir.resolve("job.yaml");
    try {
      Files.createDirectories(dir);
      Files.writeString(configFile, SparConfigLoader.toYaml(config), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + configFile, e);
    }
    long t = System.nanoTime();
    try (LoopbackCluster cluster =
        LoopbackCluster.start(
            new LoopbackCluster.Settings(
                dir.resolve("cluster"),
                run.classPath(),
                2,
                1,
                "1g",
                run.jvmOptions(),
                Map.of("DJL_CACHE_DIR", run.djlCache())),
            Duration.ofMinutes(3))) {
      rows.add(new Measurement("start-up: cluster", 0, millisSince(t), millisSince(t), 0, 0));
      for (int r = 1; r <= settings.repeats(); r++) {
        for (int executors : new int[] {1, 2}) {
          rows.add(submit(cluster, run, configFile, executors, r));
        }
      }
    }
    return rows;
  }

  private Measurement submit(
      LoopbackCluster cluster, ClusterRun run, Path configFile, int executors, int r) {
    String name = "cluster-" + executors + "x1-" + r;
    Path output = settings.workDir().toAbsolutePath().resolve(name);
    GenerateSubmission submission =
        new GenerateSubmission(
            run.appJar(),
            run.nativeJar(),
            configFile,
            output.toString(),
            run.jvmOptions(),
            run.djlCache(),
            run.logConfig(),
            Map.of(
                "spark.cores.max", Integer.toString(executors),
                "spark.executor.cores", "1",
                "spark.executor.memory", "768m",
                "spark.sql.shuffle.partitions", "4"));
    Path log = settings.workDir().toAbsolutePath().resolve("logs").resolve(name + ".log");
    long t = System.nanoTime();
    Process process =
        cluster.submit(
            submission.arguments(), submission.driverJvmOptions("1g"), run.workingDirectory(), log);
    try {
      Preconditions.checkState(
          process.waitFor(20, TimeUnit.MINUTES) && process.exitValue() == 0,
          "spark-submit of %s failed or timed out; see %s",
          name,
          log);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + name, e);
    }
    long wall = millisSince(t);
    try {
      RunManifest manifest =
          JSON.readValue(
              output
                  .resolve("iteration=" + settings.config().job().iteration())
                  .resolve("_run.json")
                  .toFile(),
              RunManifest.class);
      return new Measurement(
          "job cluster " + executors + "x1",
          r,
          manifest.timingsMillis().get("total"),
          wall,
          manifest.inputRows(),
          manifest.generatedTokens());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest of " + name, e);
    }
  }

  /** The one-minute load average of the machine, for the report ({@code NaN} if unknown). */
  public static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
