package ai.spar.spark;

import static ai.spar.testing.DatasetAssertions.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.lease.LeaseHeldException;
import ai.spar.testing.SparkSessionExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class GenerateJobTest {
  static final List<String> INPUT =
      List.of(
          "{\"id\": \"a1\", \"prompt\": \"Write about cats.\"}",
          "{\"id\": \"a2\", \"prompt\": \"An easy one.\"}",
          "{\"prompt\": \"Write about dogs.\"}",
          "{not json",
          "",
          "{\"id\": \"a5\", \"prompt\": \"\"}",
          "{\"id\": \"a1\", \"prompt\": \"Duplicate of a1.\"}",
          "{\"id\": \"a7\", \"prompt\": \"Write a poem.\", \"instruction_id_list\":"
              + " [\"punctuation:no_comma\"], \"kwargs\": [{}]}");

  static SparkSession spark;
  @TempDir Path dir;

  /** One run shared by the tests that only read its output. */
  @TempDir static Path shared;

  static RunManifest sharedManifest;

  /** The shared run's model controls. */
  static RuleTestModel.Controls sharedControls;

  /** This test's model controls. */
  RuleTestModel.Controls controls;

  @BeforeAll
  static void runOnce() throws IOException {
    ExecutorModels.closeAll();
    sharedControls = new RuleTestModel.Controls();
    sharedManifest =
        run(config(input(shared), shared.resolve("out"), Map.of()), false, sharedControls);
  }

  @BeforeEach
  void freshModels() {
    ExecutorModels.closeAll();
    controls = new RuleTestModel.Controls();
  }

  @AfterEach
  void releaseHeldActors() {
    controls.release();
  }

  static SparConfig config(Path input, Path output, Map<String, String> extra) {
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("job.input", input.toString());
    overrides.put("job.output", output.toString());
    overrides.put("job.batch_size", "1");
    overrides.put("actor.samples", "2");
    overrides.put("judge.votes", "3");
    overrides.putAll(extra);
    return SparConfigLoader.parse("", "test", overrides);
  }

  static RunManifest run(SparConfig config, boolean resume, RuleTestModel.Controls controls) {
    return GenerateJob.withPromptFiles(spark, config, controls.loader()).run(resume);
  }

  RunManifest run(SparConfig config, boolean resume) {
    return run(config, resume, controls);
  }

  static Path input(Path dir) throws IOException {
    Path input = dir.resolve("in.jsonl");
    Files.write(input, INPUT);
    return input;
  }

  static Dataset<Row> table(Path output, OutputTable table) {
    return spark
        .read()
        .parquet(output.resolve("iteration=0").resolve(table.tableName()).toString());
  }

  @Test
  void everyInputRowEndsInExactlyOneRecordedOutcome() {
    Path output = shared.resolve("out");
    RunManifest manifest = sharedManifest;

    Map<String, Row> outcomes =
        table(output, OutputTable.OUTCOMES).collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.getAs("instruction_id") + "@" + r.getAs("message"), r -> r));
    assertThat(manifest.inputRows()).isEqualTo(7);
    assertThat(table(output, OutputTable.OUTCOMES).count()).isEqualTo(7);
    Map<String, String> byId =
        table(output, OutputTable.OUTCOMES).collectAsList().stream()
            .filter(r -> r.getAs("message") == null)
            .collect(Collectors.toMap(r -> r.getAs("instruction_id"), r -> r.getAs("outcome")));
    String dogs = InputParser.derivedId("Write about dogs.");
    assertThat(byId)
        .containsEntry("a1", "PAIR_FOUND")
        .containsEntry("a2", "ALL_PASSED")
        .containsEntry(dogs, "PAIR_FOUND")
        .containsEntry("a7", "PAIR_FOUND");
    assertThat(outcomes.keySet())
        .contains(
            "row-4@row 4: not valid JSON: Unexpected character ('n' (code 110)): was expecting double-quote"
                + " to start field name",
            "a5@row 6: field 'prompt' is empty",
            "a1@row 7: duplicate id 'a1' (first seen at row 1)");
    assertThat(manifest.outcomes())
        .containsEntry("PAIR_FOUND", 3L)
        .containsEntry("ALL_PASSED", 1L)
        .containsEntry("INVALID_INPUT", 3L);

    List<Row> pairs = table(output, OutputTable.ACTOR_PAIRS).collectAsList();
    assertThat(pairs).hasSize(3);
    assertThat(pairs)
        .allSatisfy(p -> assertThat((String) p.getAs("chosen")).isEqualTo("good refined answer"));
    assertThat(pairs)
        .allSatisfy(p -> assertThat((String) p.getAs("rejected")).startsWith("draft answer"));
    assertThat(manifest.actor())
        .containsEntry("id", "rule-test")
        .containsEntry("weights_hash", "0123abcd");
  }

  @Test
  void theExpensiveWorkRunsOncePerInstructionWhateverTheNumberOfTables() {
    // batch_size 1: one round per row; the 4 valid rows each cost exactly one actor call.
    assertThat(sharedControls.actorCalls.get()).isEqualTo(4);
    assertThat(sharedManifest.rounds()).isEqualTo(7);
  }

  @Test
  void tablesHaveTheRecordDerivedSchemasAndAManifest() throws IOException {
    Path output = shared.resolve("out");
    for (OutputTable table : OutputTable.values()) {
      assertThat(table(output, table).schema().catalogString())
          .as(table.tableName())
          .isEqualTo(table.schema().catalogString());
    }
    FileSystem fs =
        new IterationLayout(output.toString(), 0)
            .fileSystem(spark.sparkContext().hadoopConfiguration());
    RunManifest read =
        GenerateJob.readManifest(
            fs, new org.apache.hadoop.fs.Path(output.resolve("iteration=0").toUri()));
    assertThat(read.inputRows()).isEqualTo(7);
    // The model runtime's versions come from the loader: the rule test model's names none.
    assertThat(read.versions()).containsOnlyKeys("spar", "spark", "java");
    assertThat(read.tables()).containsEntry("outcomes", 7L).containsEntry("actor_pairs", 3L);
    assertThat(read.runId()).isNotBlank();
    // Nothing but the published iteration is left: no staging, build or trash folder, no lease.
    try (var entries = Files.list(output)) {
      assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("iteration=0");
    }
  }

  @Test
  void theReadmeSqlExamplesRunOnTheOutput() throws IOException {
    String out = shared.resolve("out").toUri().toString();
    for (OutputTable table : OutputTable.values()) {
      spark
          .read()
          .option("basePath", out)
          .parquet(out + "/iteration=*/" + table.tableName())
          .createOrReplaceTempView(table.tableName());
    }
    String readme = Files.readString(ai.spar.testing.Fixtures.projectRoot().resolve("README.md"));
    List<String> queries = new java.util.ArrayList<>();
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("```sql\n(.*?)```", java.util.regex.Pattern.DOTALL)
            .matcher(readme);
    while (m.find()) {
      queries.add(m.group(1).replaceAll("(?m)^--.*$", "").trim());
    }
    assertThat(queries).hasSizeGreaterThanOrEqualTo(3);
    List<Row> byOutcome = spark.sql(queries.get(0)).collectAsList();
    assertThat(byOutcome.stream().mapToLong(r -> r.getLong(2)).sum()).isEqualTo(7);
    assertThat(byOutcome).allSatisfy(r -> assertThat(r.getInt(0)).isZero());
    assertThat(spark.sql(queries.get(1)).count()).isEqualTo(3);
    for (String query : queries.subList(2, queries.size())) {
      assertThat(spark.sql(query).collectAsList()).isNotEmpty();
    }
  }

  @Test
  void theSameConfigurationAndSeedGiveTheSameTables() throws IOException {
    Path input = input(dir);
    run(
        config(input, dir.resolve("b"), Map.of("job.partitions", "1", "job.batch_size", "3")),
        false);
    for (OutputTable table : OutputTable.values()) {
      assertSameRows(table(shared.resolve("out"), table), table(dir.resolve("b"), table));
    }
  }

  @Test
  void rerunningAnIterationReplacesIt() throws IOException {
    Path output = dir.resolve("out");
    run(config(input(dir), output, Map.of()), false);
    Path smaller = dir.resolve("small.jsonl");
    Files.write(smaller, List.of(INPUT.get(0)));
    run(config(smaller, output, Map.of()), false);
    assertThat(table(output, OutputTable.OUTCOMES).count()).isEqualTo(1);
    assertThat(Files.list(output).map(p -> p.getFileName().toString()).sorted().toList())
        .contains("iteration=0")
        .noneMatch(n -> n.startsWith("_trash") && !n.equals("_trash"));
  }

  @Test
  void resumeReusesCommittedChunksOfTheSamePlanAndEndsWithTheSameTables() throws IOException {
    Path input = input(dir);
    Map<String, String> chunked = Map.of("job.chunk_size", "2");

    Path output = dir.resolve("out");
    controls.crashOn = "Write about dogs.";
    assertThatThrownBy(() -> run(config(input, output, chunked), false))
        .hasStackTraceContaining("simulated executor crash");
    assertThat(Files.exists(output.resolve("iteration=0"))).isFalse();
    List<Path> marks;
    try (var files = Files.walk(output.resolve("_staging").resolve("iteration=0"))) {
      marks = files.filter(p -> p.getFileName().toString().equals("_chunk.json")).toList();
    }
    assertThat(marks).hasSizeGreaterThanOrEqualTo(2);
    // A chunk staged under another plan (a foreign fingerprint) must be redone, not reused.
    Path foreign = marks.get(0);
    Files.writeString(foreign, "{\"runId\": \"other-run\", \"planFingerprint\": \"0000\"}");
    int foreignChunk =
        Integer.parseInt(foreign.getParent().getFileName().toString().substring("chunk=".length()));

    controls.crashOn = null;
    controls.actorCalls.set(0);
    RunManifest resumed = run(config(input, output, chunked), true);
    assertThat(resumed.chunks()).isEqualTo(4);
    assertThat(resumed.resumedChunks()).hasSize(marks.size() - 1).doesNotContain(foreignChunk);
    assertThat(controls.actorCalls.get()).isLessThan(4);
    for (OutputTable table : OutputTable.values()) {
      assertSameRows(table(output, table), table(shared.resolve("out"), table));
    }
  }

  @Test
  void resumeRefusesAChangedConfiguration() throws IOException {
    Path input = input(dir);
    Path output = dir.resolve("out");
    controls.crashOn = "Write about dogs.";
    assertThatThrownBy(() -> run(config(input, output, Map.of()), false))
        .hasStackTraceContaining("simulated executor crash");
    controls.crashOn = null;
    assertThatThrownBy(() -> run(config(input, output, Map.of("search.branch", "2")), true))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cannot resume: the configuration changed since the interrupted run")
        .hasMessageContaining("changed key: search.branch: 3 -> 2");
  }

  @Test
  void aSecondRunIntoABusyOutputIsRefusedAndTheTablesCarryOneRunsSeed() throws Exception {
    Path input = input(dir);
    Path output = dir.resolve("out");
    CountDownLatch started = controls.hold();
    CompletableFuture<RunManifest> first =
        CompletableFuture.supplyAsync(() -> run(config(input, output, Map.of()), false));
    assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();

    assertThatThrownBy(() -> run(config(input, output, Map.of("seed", "7")), false))
        .isInstanceOf(LeaseHeldException.class)
        .hasMessageContaining("the output is in use: ")
        .hasMessageContaining("_lease.json is held by run ")
        .hasMessageContaining("generate iteration=0 from " + input)
        .hasMessageContaining("pass --wait");
    assertThat(ExitCodes.forFailure(new RuntimeException(catchLeaseHeld(input, output))))
        .isEqualTo(ExitCodes.OUTPUT_IN_USE);

    // A third run waits for the first instead, and then replaces its iteration whole.
    CompletableFuture<RunManifest> waiting =
        CompletableFuture.supplyAsync(
            () ->
                GenerateJob.withPromptFiles(
                        spark, config(input, output, Map.of("seed", "7")), controls.loader())
                    .run(false, true));
    Thread.sleep(500);
    assertThat(waiting).isNotDone();
    controls.release();
    RunManifest firstManifest = first.get(120, TimeUnit.SECONDS);
    assertThat(firstManifest.resumedChunks()).isEmpty();
    RunManifest waited = waiting.get(120, TimeUnit.SECONDS);
    assertThat(waited.runId()).isNotEqualTo(firstManifest.runId());

    for (OutputTable table : OutputTable.values()) {
      assertThat(
              table(output, table).select("lineage.job_seed").distinct().collectAsList().stream()
                  .map(r -> r.getLong(0))
                  .toList())
          .as(table.tableName())
          .isIn(List.of(), List.of(7L));
    }
    assertThat(table(output, OutputTable.OUTCOMES).count()).isEqualTo(7);
  }

  private LeaseHeldException catchLeaseHeld(Path input, Path output) {
    try {
      run(config(input, output, Map.of()), false);
    } catch (LeaseHeldException e) {
      return e;
    }
    throw new AssertionError("the second run was not refused");
  }

  @Test
  void theStaleLeaseOfAKilledRunIsTakenOver() throws IOException {
    Path output = dir.resolve("out");
    Files.createDirectories(output);
    long now = System.currentTimeMillis();
    Files.writeString(
        output.resolve("_lease.json"),
        "{\"run_id\": \"killed\", \"host\": \"gone-host\", \"pid\": 1, \"command\":"
            + " \"generate\", \"started_millis\": "
            + (now - 600_000)
            + ", \"renewed_millis\": "
            + (now - 300_000)
            + ", \"expires_millis\": "
            + (now - 240_000)
            + "}");
    RunManifest manifest = run(config(input(dir), output, Map.of()), false);
    assertThat(manifest.runId()).isNotEqualTo("killed");
    assertThat(table(output, OutputTable.OUTCOMES).count()).isEqualTo(7);
    assertThat(Files.exists(output.resolve("_lease.json"))).isFalse();
  }

  @Test
  void aRunWithoutAnyValidRowIsPublishedButReportsIt() throws IOException {
    Path input = dir.resolve("bad.jsonl");
    Files.write(input, List.of("{not json", "{\"prompt\": \"\"}"));
    RunManifest manifest = run(config(input, dir.resolve("out"), Map.of()), false);
    assertThat(manifest.outcomes()).containsExactly(Map.entry("INVALID_INPUT", 2L));
    assertThat(GenerateCommand.noValidInput(manifest)).isTrue();
    assertThat(GenerateCommand.noValidInput(sharedManifest)).isFalse();
  }
}
