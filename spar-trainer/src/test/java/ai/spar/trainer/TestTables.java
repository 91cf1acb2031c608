package ai.spar.trainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes small Parquet files for tests with parquet-hadoop's example writer, in the layouts Spark
 * writes.
 */
public final class TestTables {
  /** The job's actor_pairs columns that the trainer reads, plus a stat it ignores. */
  public static final String STRING_PAIRS =
      "message spark_schema { optional binary instruction_id (STRING); optional binary prompt (STRING);"
          + " optional binary chosen (STRING); optional binary rejected (STRING); optional int32 depth; }";

  /** A chat column in Spark's three-level list layout. */
  public static String chatColumn(String name) {
    return "optional group "
        + name
        + " (LIST) { repeated group list { optional group element {"
        + " optional binary role (STRING); optional binary content (STRING); } } }";
  }

  private TestTables() {}

  /** Writes rows; {@code fill} sets the fields of each new row. */
  public static <T> Path write(
      Path file, String schemaText, List<T> rows, BiConsumer<Group, T> fill) {
    MessageType schema = MessageTypeParser.parseMessageType(schemaText);
    SimpleGroupFactory factory = new SimpleGroupFactory(schema);
    Configuration conf = new Configuration();
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(
                HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), conf))
            .withType(schema)
            .withConf(conf)
            .build()) {
      for (T row : rows) {
        Group g = factory.newGroup();
        fill.accept(g, row);
        writer.write(g);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Appends a chat (role, content, role, content, ...) to a three-level list column. */
  public static void appendChat(Group row, String column, String... roleContent) {
    Group list = row.addGroup(column);
    for (int i = 0; i < roleContent.length; i += 2) {
      list.addGroup("list")
          .addGroup("element")
          .append("role", roleContent[i])
          .append("content", roleContent[i + 1]);
    }
  }

  /** A string-column pair file. */
  public static Path writeStringPairs(Path file, List<String[]> pairs) {
    return write(
        file,
        STRING_PAIRS,
        pairs,
        (g, p) ->
            g.append("instruction_id", "i" + p[0].hashCode())
                .append("prompt", p[0])
                .append("chosen", p[1])
                .append("rejected", p[2])
                .append("depth", 1));
  }

  /** The refiner_sft columns the trainer reads: the chat and its completion. */
  public static final String SFT_EXAMPLES =
      "message m { " + chatColumn("messages") + " optional binary completion (STRING); }";

  /**
   * An SFT example file: each completion after the same chat.
   *
   * @param chat role, content, role, content, ...
   */
  public static Path writeSftExamples(Path file, List<String> completions, String... chat) {
    return write(
        file,
        SFT_EXAMPLES,
        completions,
        (Group g, String completion) -> {
          appendChat(g, "messages", chat);
          g.append("completion", completion);
        });
  }
}
