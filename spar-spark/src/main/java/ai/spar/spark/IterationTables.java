package ai.spar.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.from_json;

import ai.spar.config.RftConfig;
import ai.spar.data.RefinerExample;
import ai.spar.selfplay.RftMix;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.google.common.collect.Iterators;
import java.util.Iterator;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Cuts the published tables out of the staged records: each table is its kind's JSON parsed with
 * the record-derived schema, sorted by its key columns. The refiner's supervised mix is selected
 * again over the whole iteration with the rounds' own rule ({@link RftMix}; the rounds cap only
 * their own batch), the examples ordered by instruction id, kind and completion.
 */
final class IterationTables {
  private static final Map<String, String> STRICT_JSON = Map.of("mode", "FAILFAST");

  private IterationTables() {}

  /** The rows of one table. */
  static Dataset<Row> table(Dataset<Row> staged, OutputTable table, RftConfig caps) {
    Dataset<Row> records =
        staged
            .filter(col("kind").equalTo(table.tableName()))
            .select(from_json(col("json"), table.schema(), STRICT_JSON).as("r"), col("json"));
    if (table == OutputTable.REFINER_SFT) {
      records = refinerMix(records, caps);
    }
    return records.select("r.*");
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
   * The refiner examples {@link RftMix} keeps of the iteration's examples, taken in the order of
   * instruction id, kind, completion (and the staged JSON, so ties resolve the same way every run),
   * in one task: the mix is one pass over all of them.
   *
   * @param records rows of {@code r} (the parsed example) and {@code json} (its staged text)
   */
  static Dataset<Row> refinerMix(Dataset<Row> records, RftConfig caps) {
    return records
        .repartition(1)
        .sortWithinPartitions(
            col("r.instruction_id"), col("r.kind"), col("r.completion"), col("json"))
        .mapPartitions(new MixFilter(caps), Encoders.row(records.schema()));
  }

  /** Keeps the rows whose staged example the mix keeps, in order. */
  private static final class MixFilter implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;

    private final int[] caps;

    MixFilter(RftConfig caps) {
      this.caps =
          new int[] {
            caps.refinement(),
            caps.treeJudgmentsHigh(),
            caps.treeJudgmentsLow(),
            caps.collectionJudgmentsNo(),
            caps.collectionJudgmentsYes()
          };
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
      RftMix.Selection selection =
          new RftMix(new RftConfig(caps[0], caps[1], caps[2], caps[3], caps[4])).selection();
      return Iterators.filter(rows, row -> selection.keep(example(row.getString(1))));
    }

    private static RefinerExample example(String json) {
      try {
        return StagedRecords.JSON.readValue(json, RefinerExample.class);
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a staged refiner example does not parse: " + json, e);
      }
    }
  }
}
