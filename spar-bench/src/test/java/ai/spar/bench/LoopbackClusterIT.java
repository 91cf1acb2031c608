package ai.spar.bench;

import static ai.spar.testing.DatasetAssertions.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.spark.DjlModelLoader;
import ai.spar.spark.GenerateJob;
import ai.spar.spark.OutputTable;
import ai.spar.spark.RunManifest;
import ai.spar.spark.SmallJob;
import ai.spar.testing.Fixtures;
import ai.spar.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job on a real Spark standalone cluster on loopback: a Master and two Workers (1 core each)
 * started from the project's own Spark jars, executors in separate JVMs, the application jar
 * submitted through {@code SparkSubmit}. The output must be complete and identical to a local-mode
 * run of the same configuration, also when an executor is killed mid-job.
 */
@ExtendWith(SparkSessionExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoopbackClusterIT {
  static final Duration JOB_TIMEOUT = Duration.ofMinutes(6);

  static final List<String> INPUT =
      List.of(
          "{\"id\": \"c01\", \"prompt\": \"Write about cats.\"}",
          "{\"id\": \"c02\", \"prompt\": \"Describe a river in two sentences.\"}",
          "{\"id\": \"c03\", \"prompt\": \"Write a poem without commas.\", \"instruction_id_list\":"
              + " [\"punctuation:no_comma\"], \"kwargs\": [{}]}",
          "{\"id\": \"c04\", \"prompt\": \"Explain rain to a child, in lowercase.\","
              + " \"instruction_id_list\": [\"change_case:english_lowercase\"], \"kwargs\": [{}]}",
          "{not json",
          "{\"id\": \"c06\", \"prompt\": \"Answer in lowercase: what is a tree?\","
              + " \"instruction_id_list\": [\"change_case:english_lowercase\"], \"kwargs\": [{}]}",
          "{\"prompt\": \"Name three colours.\"}",
          "{\"id\": \"c08\", \"prompt\": \"Give a recipe title.\"}",
          "{\"id\": \"c09\", \"prompt\": \"Say hello in capitals.\", \"instruction_id_list\":"
              + " [\"change_case:english_capital\"], \"kwargs\": [{}]}",
          "{\"id\": \"c10\", \"prompt\": \"\"}",
          "{\"id\": \"c11\", \"prompt\": \"Write one word.\"}",
          "{\"id\": \"c12\", \"prompt\": \"List two fruits.\"}");

  static SparkSession spark;
  static Path dir;
  static Path input;
  static Path configFile;
  static Path localOutput;
  static LoopbackCluster cluster;

  @BeforeAll
  static void runLocallyAndStartTheCluster() throws IOException {
    dir = Path.of("target", "loopback-it").toAbsolutePath();
    deleteRecursively(dir);
    Files.createDirectories(dir);
    input = dir.resolve("instructions.jsonl");
    Files.write(input, INPUT, StandardCharsets.UTF_8);
    SparConfig config = config(dir.resolve("local"), Fixtures.tinyLlama().toString());
    // The submitted configuration names the model relative to the driver's working directory (the
    // checkout): the job must ship it absolute, since executors run in the workers' directories.
    configFile = dir.resolve("job.yaml");
    String relativeModel =
        Fixtures.projectRoot().relativize(Fixtures.tinyLlama().toAbsolutePath()).toString();
    Files.writeString(
        configFile,
        SparConfigLoader.toYaml(config(dir.resolve("unused"), relativeModel)),
        StandardCharsets.UTF_8);

    localOutput = dir.resolve("local");
    GenerateJob.withPromptFiles(spark, config, new DjlModelLoader(config.model().maxBatchTokens()))
        .run(false);

    cluster =
        LoopbackCluster.start(
            new LoopbackCluster.Settings(
                dir.resolve("cluster"),
                LocalSparkHome.currentClassPath(),
                2,
                1,
                "1g",
                jvmOptions(),
                Map.of("DJL_CACHE_DIR", djlCache())),
            Duration.ofMinutes(2));
  }

  @AfterAll
  static void stopTheCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  static SparConfig config(Path output, String model) {
    return SmallJob.config(
        "loopback-it", input, output, Map.of("job.partitions", "4", "model.actor", model));
  }

  @Test
  @Order(1)
  void theClusterRunIsCompleteAndIdenticalToLocalMode() throws Exception {
    Path output = dir.resolve("cluster-run");
    Process submit = submit(output, "submit.log");
    assertThat(waitFor(submit)).as("spark-submit exit code, see %s", log("submit.log")).isZero();

    assertThat(table(output, OutputTable.OUTCOMES).count()).isEqualTo(INPUT.size());
    assertSameTables(output);
    RunManifest manifest = manifest(output);
    assertThat(manifest.master()).isEqualTo(cluster.masterUrl());
    assertThat(manifest.inputRows()).isEqualTo(INPUT.size());
  }

  @Test
  @Order(2)
  void killingAnExecutorMidJobLosesAndDuplicatesNothing() throws Exception {
    Path output = dir.resolve("cluster-kill");
    Process submit = submit(output, "submit-kill.log");
    ProcessHandle victim = awaitExecutorInFirstRound(submit);
    victim.destroyForcibly();
    victim.onExit().get(30, TimeUnit.SECONDS);

    assertThat(waitFor(submit))
        .as("spark-submit exit code, see %s", log("submit-kill.log"))
        .isZero();
    assertThat(Files.readString(log("submit-kill.log"), StandardCharsets.UTF_8))
        .as("the driver saw the executor go")
        .contains("Lost executor");
    Dataset<Row> outcomes = table(output, OutputTable.OUTCOMES);
    assertThat(outcomes.count()).isEqualTo(INPUT.size());
    assertThat(outcomes.select("instruction_id", "message").distinct().count())
        .as("distinct outcomes")
        .isEqualTo(INPUT.size());
    assertSameTables(output);
  }

  /** Waits until an executor has loaded its model (its first round is running) and returns it. */
  private static ProcessHandle awaitExecutorInFirstRound(Process submit) throws IOException {
    long deadline = System.nanoTime() + JOB_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(submit.isAlive())
          .as(
              "the job ended before an executor started its first round; see %s",
              log("submit-kill.log"))
          .isTrue();
      for (ProcessHandle executor : cluster.executors()) {
        Optional<Path> executorLog = cluster.executorLog(executor);
        if (executorLog.isPresent()
            && Files.readString(executorLog.get(), StandardCharsets.UTF_8)
                .contains("loaded model")) {
          return executor;
        }
      }
      sleep(100);
    }
    throw new AssertionError("no executor loaded its model within " + JOB_TIMEOUT);
  }

  private static Process submit(Path output, String logName) {
    GenerateSubmission submission =
        new GenerateSubmission(
            appJar(),
            nativeJar(),
            configFile,
            output.toString(),
            jvmOptions(),
            djlCache(),
            confFile("log4j2.properties"),
            Map.of(
                "spark.executor.cores", "1",
                "spark.executor.memory", "768m",
                "spark.task.maxFailures", "4",
                "spark.sql.shuffle.partitions", "4"));
    return cluster.submit(
        submission.arguments(),
        submission.driverJvmOptions("1g"),
        Fixtures.projectRoot(),
        log(logName));
  }

  private static int waitFor(Process submit) throws InterruptedException {
    if (!submit.waitFor(JOB_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      submit.descendants().forEach(ProcessHandle::destroyForcibly);
      submit.destroyForcibly().waitFor();
      throw new AssertionError("spark-submit did not finish within " + JOB_TIMEOUT);
    }
    return submit.exitValue();
  }

  private static void assertSameTables(Path clusterOutput) {
    for (OutputTable table : OutputTable.values()) {
      assertSameRows(table(clusterOutput, table), table(localOutput, table));
    }
  }

  private static RunManifest manifest(Path output) throws IOException {
    return new com.fasterxml.jackson.databind.ObjectMapper()
        .readValue(output.resolve("iteration=0").resolve("_run.json").toFile(), RunManifest.class);
  }

  static Dataset<Row> table(Path output, OutputTable table) {
    return spark
        .read()
        .parquet(output.resolve("iteration=0").resolve(table.tableName()).toString());
  }

  static Path log(String name) {
    return dir.resolve("logs").resolve(name);
  }

  static List<String> jvmOptions() {
    return GenerateSubmission.jvmOptions(confFile("jvm.properties"));
  }

  static Path confFile(String name) {
    return Fixtures.projectRoot().resolve("conf").resolve(name);
  }

  static String djlCache() {
    return System.getProperty(
        "DJL_CACHE_DIR", Fixtures.projectRoot().resolve(".djl-cache").toString());
  }

  static Path appJar() {
    try (Stream<Path> files =
        Files.list(Fixtures.projectRoot().resolve("spar-spark").resolve("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("spar-spark-.*-app\\.jar"))
          .findFirst()
          .orElseThrow(
              () -> new IllegalStateException("no app jar in spar-spark/target/: run mvn package"))
          .toAbsolutePath();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  static Path nativeJar() {
    return LocalSparkHome.currentClassPath().stream()
        .filter(p -> p.getFileName().toString().startsWith("pytorch-native-cpu-"))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("pytorch-native-cpu is not on the class path"))
        .toAbsolutePath();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
