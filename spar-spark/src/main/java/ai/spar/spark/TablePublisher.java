package ai.spar.spark;

import ai.spar.config.RftConfig;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * Cuts an iteration's six tables out of its committed staging ({@link StagedRecords}) into a build
 * directory, with {@link IterationTables}, and checks that every input row has its outcome before
 * anything is published. Moving the build directory into place is {@link IterationLayout}'s job.
 */
final class TablePublisher {
  /** Rows per output file, roughly: small iterations give one file per table. */
  static final long ROWS_PER_FILE = 200_000;

  /** The most files one table is written in, however many rows it has. */
  static final long MAX_FILES_PER_TABLE = 1_000;

  /**
   * What was written.
   *
   * @param rows row count of each table, by table name, in {@link OutputTable} order
   * @param outcomes outcome count of each outcome kind, by kind name, in name order
   */
  record Tables(Map<String, Long> rows, Map<String, Long> outcomes) {
    Tables {
      rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
      outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    }
  }

  private final SparkSession spark;
  private final RftConfig caps;

  /**
   * @param spark the session
   * @param caps the caps of the refiner's supervised mix
   */
  TablePublisher(SparkSession spark, RftConfig caps) {
    this.spark = spark;
    this.caps = caps;
  }

  /** The number of files a table of {@code rows} rows is written in. */
  static int files(long rows) {
    return (int)
        Math.max(1, Math.min(MAX_FILES_PER_TABLE, (rows + ROWS_PER_FILE - 1) / ROWS_PER_FILE));
  }

  /**
   * Writes the six tables of the staging into {@code build}.
   *
   * @param staging the committed staging of every chunk
   * @param build the new build directory the tables are written under
   * @param inputRows the input's row count, which the outcomes must equal
   * @throws IllegalStateException when the outcomes do not match the input rows: nothing is
   *     published then, the staging is kept
   */
  Tables write(Path staging, Path build, long inputRows) {
    Dataset<Row> staged = spark.read().parquet(staging.toString());
    staged.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Map<String, Long> stagedCounts = new LinkedHashMap<>();
      staged
          .groupBy("kind")
          .count()
          .collectAsList()
          .forEach(r -> stagedCounts.put(r.getString(0), r.getLong(1)));
      Map<String, Long> rows = new LinkedHashMap<>();
      for (OutputTable table : OutputTable.values()) {
        long stagedRows = stagedCounts.getOrDefault(table.tableName(), 0L);
        String path = new Path(build, table.tableName()).toString();
        IterationTables.write(
            IterationTables.table(staged, table, caps), table, files(stagedRows), path);
        rows.put(
            table.tableName(),
            table == OutputTable.REFINER_SFT ? spark.read().parquet(path).count() : stagedRows);
      }
      long outcomes = rows.get(OutputTable.OUTCOMES.tableName());
      if (outcomes != inputRows) {
        throw new IllegalStateException(
            "the run produced "
                + outcomes
                + " outcomes for "
                + inputRows
                + " input rows; nothing was published (staging kept at "
                + staging
                + ")");
      }
      Map<String, Long> byOutcome = new LinkedHashMap<>();
      IterationTables.table(staged, OutputTable.OUTCOMES, caps)
          .groupBy("outcome")
          .count()
          .orderBy("outcome")
          .collectAsList()
          .forEach(r -> byOutcome.put(r.getString(0), r.getLong(1)));
      return new Tables(rows, byOutcome);
    } finally {
      staged.unpersist();
    }
  }
}
