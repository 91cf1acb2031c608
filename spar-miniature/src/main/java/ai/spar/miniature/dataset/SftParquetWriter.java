package ai.spar.miniature.dataset;

import ai.spar.llm.chat.ChatMessage;
import ai.spar.miniature.SftRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Writes SFT rows as Parquet in the trainer's SFT form (the columns of the job's {@code
 * refiner_sft}): {@code instruction_id}, {@code kind}, {@code messages} (a list of {@code
 * struct<role, content>} in the standard three-level list layout Spark writes) and {@code
 * completion}.
 */
public final class SftParquetWriter {
  /** The schema, defined once here beside the code that fills it. */
  public static final MessageType SCHEMA =
      MessageTypeParser.parseMessageType(
          "message sft_row {"
              + " required binary instruction_id (STRING);"
              + " required binary kind (STRING);"
              + " required group messages (LIST) { repeated group list { required group element {"
              + " required binary role (STRING); required binary content (STRING); } } }"
              + " required binary completion (STRING); }");

  private SftParquetWriter() {}

  /** Writes {@code rows} to {@code file} (replacing it), Snappy-compressed. */
  public static void write(List<SftRow> rows, Path file) {
    Configuration conf = new Configuration();
    SimpleGroupFactory factory = new SimpleGroupFactory(SCHEMA);
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (ParquetWriter<Group> writer =
          ExampleParquetWriter.builder(
                  HadoopOutputFile.fromPath(
                      new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri()), conf))
              .withType(SCHEMA)
              .withConf(conf)
              .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .build()) {
        for (SftRow row : rows) {
          Group g = factory.newGroup();
          g.append("instruction_id", row.instructionId()).append("kind", row.kind().label());
          Group list = g.addGroup("messages");
          for (ChatMessage m : row.messages()) {
            list.addGroup("list")
                .addGroup("element")
                .append("role", m.role())
                .append("content", m.content());
          }
          g.append("completion", row.completion());
          writer.write(g);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write SFT rows to " + file, e);
    }
  }
}
