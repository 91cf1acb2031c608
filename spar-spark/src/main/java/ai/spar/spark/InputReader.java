package ai.spar.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.when;

import ai.spar.ifeval.VerifiableInstructions;
import ai.spar.jsonl.JsonlFile;
import ai.spar.selfplay.Instruction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Reads the job's input (JSONL, or Parquet given as a {@code .parquet} file or a directory of them)
 * and validates it, once, into one {@link InputRow} per input row: {@link InputParser} checks each
 * row's content, {@link #markDuplicates} rejects every occurrence of an id after its first. Nothing
 * is dropped: unparseable rows and duplicate ids keep their row with an {@code error}, so they
 * become {@code INVALID_INPUT} outcomes. Row numbers are 1-based line numbers of the input (files
 * in listing order, lines in order); blank lines of a JSONL file are not rows.
 *
 * <p>In the Dataset a validated row is encoded by {@link #toRow} and decoded by {@link #fromRow}
 * (the {@code kwargs} maps of its constraints as one JSON text column), so the tasks get back the
 * very instruction the parser built and validate nothing.
 */
public final class InputReader {
  /** The columns of a validated row in the job's Dataset. */
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("row", DataTypes.LongType, false),
              DataTypes.createStructField("id", DataTypes.StringType, false),
              DataTypes.createStructField("prompt", DataTypes.StringType, true),
              DataTypes.createStructField(
                  "instruction_id_list",
                  DataTypes.createArrayType(DataTypes.StringType, true),
                  true),
              DataTypes.createStructField("kwargs_json", DataTypes.StringType, true),
              DataTypes.createStructField("error", DataTypes.StringType, true)));

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> KWARGS = new TypeReference<>() {};

  private InputReader() {}

  /** Reads and parses the input; marks every occurrence of an id after its first as a duplicate. */
  public static Dataset<Row> read(SparkSession spark, String input) {
    JavaRDD<Row> rows;
    if (isParquet(spark, input)) {
      rows =
          spark
              .read()
              .parquet(input)
              .toJSON()
              .javaRDD()
              .zipWithIndex()
              .filter(pair -> !pair._1().isBlank())
              .map(pair -> toRow(InputParser.parse(pair._2() + 1, pair._1())));
    } else {
      rows =
          jsonlLines(spark, input)
              .zipWithIndex()
              .filter(pair -> pair._1().error() != null || !pair._1().text().isBlank())
              .map(pair -> toRow(parseLine(pair._2() + 1, pair._1())));
    }
    Dataset<Row> parsed = spark.createDataFrame(rows, SCHEMA);
    return markDuplicates(parsed);
  }

  /**
   * A line of a JSONL input: its text, or why its bytes are not UTF-8.
   *
   * @param text the decoded line without LF (and the CR of a CRLF), null when undecodable
   * @param error why the bytes are not UTF-8, or null
   */
  record Line(String text, String error) implements java.io.Serializable {}

  /**
   * The lines of JSONL input, broken at LF only (Hadoop's default also breaks at a bare CR, which
   * would shift row numbers away from line numbers) and decoded as strict UTF-8 (Hadoop's Text
   * replaces malformed bytes in silence).
   */
  static JavaRDD<Line> jsonlLines(SparkSession spark, String input) {
    Configuration conf = new Configuration(spark.sparkContext().hadoopConfiguration());
    conf.set("textinputformat.record.delimiter", "\n");
    return JavaSparkContext.fromSparkContext(spark.sparkContext())
        .newAPIHadoopFile(input, TextInputFormat.class, LongWritable.class, Text.class, conf)
        .map(
            pair -> {
              Text text = pair._2();
              byte[] bytes = text.getBytes();
              int length = text.getLength();
              if (length > 0 && bytes[length - 1] == '\r') {
                length--;
              }
              Optional<String> problem = JsonlFile.utf8Problem(bytes, 0, length);
              return problem.isPresent()
                  ? new Line(null, problem.get())
                  : new Line(new String(bytes, 0, length, StandardCharsets.UTF_8), null);
            });
  }

  private static InputRow parseLine(long row, Line line) {
    return line.error() != null
        ? InputRow.invalid(row, "row-" + row, "row " + row + ": " + line.error())
        : InputParser.parse(row, line.text());
  }

  static Dataset<Row> markDuplicates(Dataset<Row> parsed) {
    Dataset<Row> withFirst =
        parsed.withColumn("first_row", min(col("row")).over(Window.partitionBy(col("id"))));
    return withFirst
        .withColumn(
            "error",
            when(
                    col("error").isNull().and(col("row").gt(col("first_row"))),
                    concat(
                        lit("row "),
                        col("row").cast("string"),
                        lit(": duplicate id '"),
                        col("id"),
                        lit("' (first seen at row "),
                        col("first_row").cast("string"),
                        lit(")")))
                .otherwise(col("error")))
        .drop("first_row");
  }

  /** A validated row as a Dataset row of {@link #SCHEMA}. */
  static Row toRow(InputRow row) {
    Instruction instruction = row.instruction();
    if (instruction == null) {
      return RowFactory.create(row.row(), row.id(), null, null, null, row.error());
    }
    String kwargs;
    try {
      kwargs = JSON.writeValueAsString(instruction.constraints().kwargs());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode the kwargs of row " + row.row(), e);
    }
    return RowFactory.create(
        row.row(),
        row.id(),
        instruction.prompt(),
        CollectionConverters.asScala(instruction.constraints().instructionIds()).toSeq(),
        kwargs,
        null);
  }

  /**
   * The validated row a Dataset row of {@link #SCHEMA} encodes ({@link #toRow}); a row whose {@code
   * error} is set (also by {@link #markDuplicates}) is a rejection.
   */
  static InputRow fromRow(Row row) {
    long number = row.getLong(row.fieldIndex("row"));
    String id = row.getString(row.fieldIndex("id"));
    String error = row.getString(row.fieldIndex("error"));
    if (error != null) {
      return InputRow.invalid(number, id, error);
    }
    List<String> ids = row.getList(row.fieldIndex("instruction_id_list"));
    List<Map<String, Object>> kwargs;
    try {
      kwargs = JSON.readValue(row.getString(row.fieldIndex("kwargs_json")), KWARGS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot decode the kwargs of row " + number, e);
    }
    return InputRow.valid(
        number,
        new Instruction(
            id,
            row.getString(row.fieldIndex("prompt")),
            ids.isEmpty() ? VerifiableInstructions.NONE : new VerifiableInstructions(ids, kwargs)));
  }

  /** A {@code .parquet} file, or a directory whose data files are Parquet. */
  static boolean isParquet(SparkSession spark, String input) {
    if (input.toLowerCase(Locale.ROOT).endsWith(".parquet")) {
      return true;
    }
    Path path = new Path(input);
    try {
      FileSystem fs = path.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus status = fs.getFileStatus(path);
      if (!status.isDirectory()) {
        return false;
      }
      List<FileStatus> files = List.of(fs.listStatus(path));
      return files.stream()
          .map(f -> f.getPath().getName())
          .filter(n -> !n.startsWith("_") && !n.startsWith("."))
          .anyMatch(n -> n.toLowerCase(Locale.ROOT).endsWith(".parquet"));
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException("input not found: " + input, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot inspect input " + input, e);
    }
  }
}
