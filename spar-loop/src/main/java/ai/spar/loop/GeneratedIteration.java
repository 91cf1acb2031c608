package ai.spar.loop;

import ai.spar.spark.OutputTable;

/**
 * An iteration whose generate step is done: which iteration, and where its tables lie and what they
 * hold.
 *
 * @param iteration t
 * @param generated the step's result
 */
public record GeneratedIteration(int iteration, Generated generated) {
  /** The published table's location: {@code <output>/iteration=t/<table>}. */
  public String table(OutputTable table) {
    return generated.data() + "/" + table.tableName();
  }

  /** The rows of a published table. */
  public long rows(OutputTable table) {
    return generated.rows(table.tableName());
  }
}
