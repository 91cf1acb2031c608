package ai.spar.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import ai.spar.config.RftConfig;
import ai.spar.data.RefinerExampleKind;
import ai.spar.selfplay.RftMix;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.expressions.Window;

/**
 * Cuts the published tables out of the staged records: each table is its kind's JSON parsed with
 * the record-derived schema, sorted by its key columns. The refiner's supervised mix is
 * de-duplicated by prompt and capped per kind over the whole iteration (the rounds cap only their
 * own batch).
 */
final class IterationTables {
  private static final Map<String, String> STRICT_JSON = Map.of("mode", "FAILFAST");

  private IterationTables() {}

  /** The rows of one table. */
  static Dataset<Row> table(Dataset<Row> staged, OutputTable table, RftConfig caps) {
    Dataset<Row> rows =
        staged
            .filter(col("kind").equalTo(table.tableName()))
            .select(from_json(col("json"), table.schema(), STRICT_JSON).as("r"))
            .select("r.*");
    if (table == OutputTable.REFINER_SFT) {
      rows = capRefinerMix(rows, caps);
    }
    return rows;
  }

  /**
   * Writes a table in at most {@code files} files, each sorted by the table's key columns (no
   * shuffle: the staged partitions are merged).
   */
  static void write(Dataset<Row> rows, OutputTable table, int files, String path) {
    rows.coalesce(files)
        .sortWithinPartitions(
            table.sortColumns().stream()
                .map(org.apache.spark.sql.functions::col)
                .toArray(Column[]::new))
        .write()
        .mode(SaveMode.ErrorIfExists)
        .parquet(path);
  }

  /**
   * De-duplicates by prompt turns (first by instruction id wins) and keeps at most the cap of each
   * kind.
   */
  static Dataset<Row> capRefinerMix(Dataset<Row> examples, RftConfig caps) {
    RftMix mix = new RftMix(caps);
    Column cap = lit(0);
    for (RefinerExampleKind kind : RefinerExampleKind.values()) {
      cap = when(col("kind").equalTo(kind.name()), lit(mix.cap(kind))).otherwise(cap);
    }
    Dataset<Row> keyed = examples.withColumn("_prompt_key", to_json(col("messages")));
    Dataset<Row> unique =
        keyed
            .withColumn(
                "_dup",
                row_number()
                    .over(
                        Window.partitionBy(col("_prompt_key"))
                            .orderBy(col("instruction_id"), col("kind"), col("completion"))))
            .filter(col("_dup").equalTo(1));
    return unique
        .withColumn(
            "_rank",
            row_number()
                .over(
                    Window.partitionBy(col("kind"))
                        .orderBy(col("instruction_id"), col("_prompt_key"))))
        .filter(col("_rank").leq(cap))
        .drop("_prompt_key", "_dup", "_rank");
  }
}
