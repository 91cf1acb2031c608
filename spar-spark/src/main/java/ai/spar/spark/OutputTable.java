package ai.spar.spark;

import ai.spar.data.ActorPair;
import ai.spar.data.ActorSample;
import ai.spar.data.InstructionOutcome;
import ai.spar.data.RefinerExample;
import ai.spar.data.RefinerPair;
import ai.spar.data.TreeNodeRecord;
import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The tables of an iteration: one per record type that leaves the core. Each table's schema is
 * derived from its record ({@link RecordSchema}), so it is defined once.
 */
public enum OutputTable {
  /** Exactly one row per input instruction. */
  OUTCOMES("outcomes", InstructionOutcome.class, "instruction_id"),
  /** Actor answers from negative collection with every vote. */
  SAMPLES("samples", ActorSample.class, "instruction_id", "sample_index"),
  /** Every node of every refinement tree. */
  TREES("trees", TreeNodeRecord.class, "instruction_id", "node_id"),
  /** DPO pairs for the actor: chosen = passing refinement, rejected = original failed answer. */
  ACTOR_PAIRS("actor_pairs", ActorPair.class, "instruction_id"),
  /** Supervised examples for the refiner (judgments and refinements), tagged with their kind. */
  REFINER_SFT("refiner_sft", RefinerExample.class, "kind", "instruction_id"),
  /** Sibling refinements of one parent: one passing, one failing. */
  REFINER_PAIRS("refiner_pairs", RefinerPair.class, "instruction_id");

  private final String tableName;
  private final Class<? extends Record> recordType;
  private final List<String> sortColumns;

  OutputTable(String tableName, Class<? extends Record> recordType, String... sortColumns) {
    this.tableName = tableName;
    this.recordType = recordType;
    this.sortColumns = List.of(sortColumns);
  }

  /** Columns the table is sorted by when written, so the same data gives the same files. */
  public List<String> sortColumns() {
    return sortColumns;
  }

  /** The directory name under {@code iteration=N/}. */
  public String tableName() {
    return tableName;
  }

  public Class<? extends Record> recordType() {
    return recordType;
  }

  public StructType schema() {
    return RecordSchema.of(recordType);
  }
}
