package ai.spar.spark;

import static ai.spar.testing.DatasetAssertions.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.SparConfig;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.llama.ContinuousGenerationService;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.serve.OpenAiServer;
import ai.spar.spark.FaultInjectingProxy.Fault;
import ai.spar.testing.Fixtures;
import ai.spar.testing.SparkSessionExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with {@code model.backend: openai} against a server that answers 500s, drops connections
 * and stalls ({@link FaultInjectingProxy} in front of {@code spar serve}): it finishes, every input
 * row ends in exactly one outcome, rows whose requests kept failing are ERROR outcomes naming the
 * failure, and the rows served after retries have the tables of a run against the healthy server.
 */
@ExtendWith(SparkSessionExtension.class)
class OpenAiBackendFaultsJobTest {
  static final String ALWAYS_500_ID = "f02";
  static final String ALWAYS_STALL_ID = "f05";
  static final List<String> INPUT =
      List.of(
          "{\"id\": \"c01\", \"prompt\": \"Write about cats.\"}",
          "{\"id\": \"" + ALWAYS_500_ID + "\", \"prompt\": \"Describe a broken server.\"}",
          "{\"id\": \"c03\", \"prompt\": \"Write a poem without commas.\", \"instruction_id_list\":"
              + " [\"punctuation:no_comma\"], \"kwargs\": [{}]}",
          "{\"id\": \"c04\", \"prompt\": \"Explain rain to a child, in lowercase.\","
              + " \"instruction_id_list\": [\"change_case:english_lowercase\"], \"kwargs\": [{}]}",
          "{\"id\": \"" + ALWAYS_STALL_ID + "\", \"prompt\": \"Describe a stalled queue.\"}",
          "{\"id\": \"c09\", \"prompt\": \"Say hello in capitals.\", \"instruction_id_list\":"
              + " [\"change_case:english_capital\"], \"kwargs\": [{}]}");

  /** Past the client's timeout ({@code model.timeout_seconds: 5}). */
  static final Duration STALL = Duration.ofMillis(5500);

  static SparkSession spark;
  @TempDir Path dir;

  private static SparConfig config(Path input, Path output, URI endpoint) {
    return OpenAiBackendJobTest.config(
        input,
        output,
        Map.of(
            "model.backend", "openai",
            "model.endpoints", endpoint.toString(),
            "model.actor", "tiny-llama",
            "model.max_attempts", "2",
            "model.timeout_seconds", "5"));
  }

  private static Dataset<Row> table(Path output, OutputTable table) {
    return spark
        .read()
        .parquet(output.resolve("iteration=0").resolve(table.tableName()).toString());
  }

  /** The table's rows of instructions that were served, comparable across servers. */
  private static Dataset<Row> servedRows(Path output, OutputTable table) {
    Dataset<Row> rows = OpenAiBackendJobTest.withoutServer(table(output, table));
    return rows.filter(
        rows.col("instruction_id").isin(ALWAYS_500_ID, ALWAYS_STALL_ID).unary_$bang());
  }

  @Test
  void theJobFinishesWithOneOutcomePerRowAndErrorsOnlyForRowsThatKeptFailing() throws Exception {
    Path input = dir.resolve("in.jsonl");
    Files.write(input, INPUT, StandardCharsets.UTF_8);
    Path healthy = dir.resolve("healthy");
    Path faulty = dir.resolve("faulty");
    FaultInjectingProxy proxy;
    try (DjlLlamaModel served = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu())) {
      // the engine's first decode is slow; a request must not time out on it
      served.generate(
          List.of(new GenerationRequest(Prompt.user("warm up"), SamplingParams.greedy(4))));
      try (OpenAiServer server =
          OpenAiServer.start(ContinuousGenerationService.start(served, 256), "127.0.0.1", 0)) {
        URI direct = URI.create("http://127.0.0.1:" + server.port() + "/v1");
        OpenAiBackendJobTest.run(spark, config(input, healthy, direct));
        try (FaultInjectingProxy p = new FaultInjectingProxy(direct, STALL)) {
          proxy = p;
          OpenAiBackendJobTest.run(spark, config(input, faulty, p.base()));
        }
      }
    }

    for (Fault fault : Fault.values()) {
      assertThat(proxy.injected(fault)).as("attempts that got %s", fault).isPositive();
    }
    assertThat(proxy.recovered()).as("requests served on a retry").isPositive();
    Dataset<Row> outcomes = table(faulty, OutputTable.OUTCOMES);
    List<String> ids = outcomes.select("instruction_id").as(Encoders.STRING()).collectAsList();
    assertThat(ids)
        .containsExactlyInAnyOrder("c01", ALWAYS_500_ID, "c03", "c04", ALWAYS_STALL_ID, "c09");
    Map<String, Row> byId =
        outcomes.collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getAs("instruction_id"), r -> r));
    assertThat((String) byId.get(ALWAYS_500_ID).getAs("outcome")).isEqualTo("ERROR");
    assertThat((String) byId.get(ALWAYS_500_ID).getAs("message"))
        .startsWith("actor: server " + proxy.base())
        .endsWith("answered HTTP 500: out of memory (gave up after 2 attempts)");
    assertThat((String) byId.get(ALWAYS_STALL_ID).getAs("outcome")).isEqualTo("ERROR");
    assertThat((String) byId.get(ALWAYS_STALL_ID).getAs("message"))
        .startsWith("actor: server " + proxy.base())
        .contains("HttpTimeoutException")
        .endsWith("(gave up after 2 attempts)");
    for (OutputTable t : OutputTable.values()) {
      assertSameRows(servedRows(faulty, t), servedRows(healthy, t));
    }
  }
}
