package ai.spar.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.testing.SparkSessionExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(SparkSessionExtension.class)
class InputReaderTest {
  static SparkSession spark;
  @TempDir Path dir;

  @Test
  void rowNumbersAreLineNumbersAndBytesThatAreNotUtf8MakeTheirRowInvalid() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes("{\"id\": \"a\", \"prompt\": \"one\"}\r\n".getBytes(StandardCharsets.UTF_8));
    // a bare CR inside a line is not a line break
    bytes.writeBytes(
        "{\"id\": \"b\", \"prompt\": \"two\"}\r{\"id\": \"x\"}\n".getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(
        "{\"id\": \"c\", \"prompt\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1));
    bytes.writeBytes(
        "{\"id\": \"d\", \"prompt\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.UTF_8));
    Path input = dir.resolve("in.jsonl");
    Files.write(input, bytes.toByteArray());

    Map<Long, Row> rows =
        InputReader.read(spark, input.toString()).collectAsList().stream()
            .collect(Collectors.toMap(r -> r.<Long>getAs("row"), r -> r));
    assertThat(rows).containsOnlyKeys(1L, 2L, 3L, 4L);
    assertThat(rows.get(1L).<String>getAs("error")).isNull();
    assertThat(rows.get(1L).<String>getAs("prompt")).isEqualTo("one");
    assertThat(rows.get(2L).<String>getAs("id")).isEqualTo("b");
    assertThat(rows.get(3L).<String>getAs("error"))
        .isEqualTo(
            "row 3: bytes are not valid UTF-8: malformed byte 0xE9 at byte 27 of the line; the"
                + " file must be UTF-8 encoded (convert it, e.g. iconv -f latin1 -t utf-8)");
    assertThat(rows.get(4L).<String>getAs("id")).isEqualTo("d");
    assertThat(rows.get(4L).<String>getAs("prompt")).isEqualTo("caf\u00e9");
  }

  @Test
  void theTasksGetBackTheInstructionThatTheParserValidated() {
    InputRow parsed =
        InputParser.parse(
            3,
            "{\"id\": \"k\", \"prompt\": \"Write.\", \"instruction_id_list\":"
                + " [\"keywords:existence\", \"length_constraints:number_words\","
                + " \"punctuation:no_comma\"], \"kwargs\": [{\"keywords\": [\"a\", \"b\"]},"
                + " {\"relation\": \"at least\", \"num_words\": 50}, null]}");
    InputRow rejected = InputParser.parse(4, "{\"id\": \"r\"}");
    List<Row> collected =
        spark
            .createDataFrame(
                List.of(InputReader.toRow(parsed), InputReader.toRow(rejected)), InputReader.SCHEMA)
            .orderBy("row")
            .collectAsList();

    assertThat(parsed.isValid()).isTrue();
    assertThat(InputReader.fromRow(collected.get(0))).isEqualTo(parsed);
    assertThat(InputReader.fromRow(collected.get(0)).instruction().constraints().kwargs())
        .containsExactly(
            Map.of("keywords", List.of("a", "b")),
            Map.of("relation", "at least", "num_words", 50),
            Map.of());
    assertThat(InputReader.fromRow(collected.get(1))).isEqualTo(rejected);
    assertThat(rejected.error()).isEqualTo("row 4: field 'prompt' is missing");
  }
}
