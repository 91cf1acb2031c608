package ai.spar.spark;

import static ai.spar.testing.DatasetAssertions.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.ModelConfig;
import ai.spar.config.SparConfig;
import ai.spar.llm.llama.ContinuousGenerationService;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.serve.OpenAiServer;
import ai.spar.testing.Fixtures;
import ai.spar.testing.SparkSessionExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job with {@code model.backend: openai} against {@code spar serve} on 127.0.0.1 (real sockets,
 * real JSON) writes the tables the in-JVM backend writes for the same model and seeds.
 */
@ExtendWith(SparkSessionExtension.class)
class OpenAiBackendJobTest {
  static final List<String> INPUT =
      List.of(
          "{\"id\": \"c01\", \"prompt\": \"Write about cats.\"}",
          "{\"id\": \"c03\", \"prompt\": \"Write a poem without commas.\", \"instruction_id_list\":"
              + " [\"punctuation:no_comma\"], \"kwargs\": [{}]}",
          "{\"id\": \"c04\", \"prompt\": \"Explain rain to a child, in lowercase.\","
              + " \"instruction_id_list\": [\"change_case:english_lowercase\"], \"kwargs\": [{}]}",
          "{not json",
          "{\"id\": \"c09\", \"prompt\": \"Say hello in capitals.\", \"instruction_id_list\":"
              + " [\"change_case:english_capital\"], \"kwargs\": [{}]}");

  static SparkSession spark;
  @TempDir Path dir;

  /**
   * A small job (two partitions of two-row batches, shallow trees) over the given model section.
   */
  static SparConfig config(Path input, Path output, Map<String, String> model) {
    Map<String, String> extra = new LinkedHashMap<>(model);
    extra.put("job.partitions", "2");
    return SmallJob.config("openai-backend-test", input, output, extra);
  }

  private static Dataset<Row> table(Path output, OutputTable table) {
    return spark
        .read()
        .parquet(output.resolve("iteration=0").resolve(table.tableName()).toString());
  }

  static void run(SparkSession spark, SparConfig config) {
    ExecutorModels.closeAll();
    try {
      GenerateJob.withPromptFiles(spark, config, ModelLoader.of(config.model())).run(false);
    } finally {
      ExecutorModels.closeAll();
    }
  }

  /**
   * The table without lineage, and with the server named in error messages removed ("server
   * http://127.0.0.1:PORT/v1 answered HTTP 400: prompt of 725 tokens ..." is the in-JVM "prompt of
   * 725 tokens ..." seen through HTTP).
   */
  static Dataset<Row> withoutServer(Dataset<Row> table) {
    Dataset<Row> rows = table.drop("lineage");
    if (List.of(rows.columns()).contains("message")) {
      rows =
          rows.withColumn(
              "message",
              functions.regexp_replace(
                  rows.col("message"), "server http://[^ ]+ answered HTTP [0-9]+: ", ""));
    }
    return rows;
  }

  @Test
  void theSixTablesOverHttpEqualThoseOfTheInJvmBackend() throws Exception {
    Path input = dir.resolve("in.jsonl");
    Files.write(input, INPUT, StandardCharsets.UTF_8);
    Path inJvm = dir.resolve("djl");
    run(spark, config(input, inJvm, Map.of("model.actor", Fixtures.tinyLlama().toString())));

    Path overHttp = dir.resolve("openai");
    try (DjlLlamaModel served = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu());
        OpenAiServer server =
            OpenAiServer.start(ContinuousGenerationService.start(served, 256), "127.0.0.1", 0)) {
      SparConfig http =
          config(
              input,
              overHttp,
              Map.of(
                  "model.backend", "openai",
                  "model.endpoints", "http://127.0.0.1:" + server.port() + "/v1",
                  "model.actor", "tiny-llama"));
      assertThat(http.model().backend()).isEqualTo(ModelConfig.Backend.OPENAI);
      run(spark, http);
    }

    assertThat(table(overHttp, OutputTable.OUTCOMES).count()).isEqualTo(INPUT.size());
    for (OutputTable t : OutputTable.values()) {
      assertSameRows(withoutServer(table(overHttp, t)), table(inJvm, t).drop("lineage"));
    }
    Row lineage = table(overHttp, OutputTable.OUTCOMES).select("lineage.*").first();
    assertThat((String) lineage.getAs("actor_model_id")).isEqualTo("tiny-llama");
    assertThat((String) lineage.getAs("actor_weights_hash")).isEqualTo("openai");
    // _run.json counts the tokens the server reported generating: those the in-JVM run generated
    assertThat(manifest(overHttp).generatedTokens())
        .isPositive()
        .isEqualTo(manifest(inJvm).generatedTokens());
  }

  private static RunManifest manifest(Path output) throws java.io.IOException {
    org.apache.hadoop.fs.Path iteration =
        new org.apache.hadoop.fs.Path(output.resolve("iteration=0").toUri());
    return GenerateJob.readManifest(
        iteration.getFileSystem(spark.sparkContext().hadoopConfiguration()), iteration);
  }
}
