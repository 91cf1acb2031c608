package ai.spar.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/** Assertions on Spark datasets that compare content, not partitioning or order. */
public final class DatasetAssertions {
  private DatasetAssertions() {}

  /**
   * Asserts both datasets hold the same rows (as a multiset: order ignored, duplicates counted).
   */
  public static void assertSameRows(Dataset<Row> actual, Dataset<Row> expected) {
    assertSameSchema(actual.schema(), expected.schema());
    assertThat(rowCounts(actual))
        .as("rows (ignoring order) of %s", actual.schema().simpleString())
        .isEqualTo(rowCounts(expected));
  }

  /** Asserts the dataset holds exactly these rows, order ignored. */
  public static void assertRows(Dataset<Row> actual, List<Row> expected) {
    assertThat(rowCounts(actual.collectAsList())).isEqualTo(rowCounts(expected));
  }

  /** Asserts two schemas have the same fields, types and nullability, in the same order. */
  public static void assertSameSchema(StructType actual, StructType expected) {
    assertThat(actual.treeString()).as("schema").isEqualTo(expected.treeString());
  }

  private static Map<String, Long> rowCounts(Dataset<Row> rows) {
    return rowCounts(rows.collectAsList());
  }

  private static Map<String, Long> rowCounts(List<Row> rows) {
    return rows.stream()
        .collect(
            Collectors.groupingBy(Row::toString, () -> new TreeMap<>(), Collectors.counting()));
  }

  /** A map from key to row, for precise per-row assertions; fails on duplicate keys. */
  public static <K> Map<K, Row> byKey(Dataset<Row> rows, Function<Row, K> key) {
    return rows.collectAsList().stream().collect(Collectors.toMap(key, Function.identity()));
  }
}
