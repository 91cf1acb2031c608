package ai.spar.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.RftConfig;
import ai.spar.data.ActorPair;
import ai.spar.data.ActorSample;
import ai.spar.data.ChatTurn;
import ai.spar.data.InstructionOutcome;
import ai.spar.data.Lineage;
import ai.spar.data.RefinerExample;
import ai.spar.data.RefinerExampleKind;
import ai.spar.data.RefinerPair;
import ai.spar.data.TreeNodeRecord;
import ai.spar.data.VoteRecord;
import ai.spar.selfplay.RftMix;
import ai.spar.testing.SparkSessionExtension;
import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Ties the staging encoding ({@link StagedRecords}) to the table schemas ({@link OutputTable},
 * {@link RecordSchema}): every kind of record written to staging and cut into its table reads back
 * equal to the record, and the staged JSON names exactly the columns of the table, so a field that
 * one side has and the other lacks fails here.
 */
@ExtendWith(SparkSessionExtension.class)
class StagedRecordsRoundTripTest {
  static SparkSession spark;

  static final Lineage LINEAGE = new Lineage(2, "actor-m", "aa11", "refiner-m", "bb22", "llm", 42);
  static final List<VoteRecord> VOTES =
      List.of(new VoteRecord("Yes, it follows.", "YES"), new VoteRecord("No comma.", "NO"));

  /** One record per table, every component set (none null, numbers not their default). */
  static final Map<OutputTable, Record> SAMPLES = new EnumMap<>(OutputTable.class);

  static {
    SAMPLES.put(
        OutputTable.OUTCOMES,
        new InstructionOutcome(
            "i1", "SEARCH_FAILED", "no refinement passed", 1, 2, 3, 1, 7, LINEAGE));
    SAMPLES.put(
        OutputTable.SAMPLES,
        new ActorSample(
            "i1",
            1,
            "an answer",
            "FAIL",
            0.25,
            1,
            3,
            1,
            "too long",
            VOTES,
            "llm",
            "judge: x",
            -5L,
            LINEAGE));
    SAMPLES.put(
        OutputTable.TREES,
        new TreeNodeRecord(
            "i1",
            3,
            1,
            2,
            "refined",
            "reply with [REFINED]",
            "better",
            0.75,
            VOTES,
            4,
            "PASSED",
            "rules",
            true,
            "bfs",
            LINEAGE));
    SAMPLES.put(
        OutputTable.ACTOR_PAIRS,
        new ActorPair("i1", "Write.", "good", "bad", 0.9, 0.1, 2, 5, 3, 0.5, "dfs", LINEAGE));
    SAMPLES.put(
        OutputTable.REFINER_SFT,
        new RefinerExample(
            "i1",
            RefinerExampleKind.TREE_JUDGMENT_HIGH.name(),
            List.of(new ChatTurn("user", "Judge this."), new ChatTurn("assistant", "Yes.")),
            "critique",
            0.625,
            LINEAGE));
    SAMPLES.put(
        OutputTable.REFINER_PAIRS,
        new RefinerPair(
            "i1",
            List.of(new ChatTurn("user", "Refine this.")),
            "passing",
            "failing",
            0.8,
            0.2,
            LINEAGE));
  }

  @Test
  void everyTableHasASampleOfItsRecordWithEveryComponentSet() throws Exception {
    assertThat(SAMPLES).containsOnlyKeys(OutputTable.values());
    for (OutputTable table : OutputTable.values()) {
      Record sample = SAMPLES.get(table);
      assertThat(sample).as(table.tableName()).isInstanceOf(table.recordType());
      for (RecordComponent component : sample.getClass().getRecordComponents()) {
        assertThat(component.getAccessor().invoke(sample))
            .as(table.tableName() + "." + component.getName())
            .isNotNull();
      }
    }
  }

  @Test
  void theStagedJsonNamesExactlyTheColumnsOfItsTable() throws Exception {
    for (OutputTable table : OutputTable.values()) {
      Record sample = SAMPLES.get(table);
      Row staged = StagedRecords.row(table.tableName(), "i1", sample);
      JsonNode json = StagedRecords.JSON.readTree(staged.getString(2));
      assertThat(paths(json, ""))
          .as(table.tableName() + ": staged fields vs table columns")
          .isEqualTo(paths(table.schema(), ""));
    }
  }

  @Test
  void everyRecordWrittenToStagingReadsBackFromItsTableEqualToTheRecord() throws Exception {
    List<Row> rows = new ArrayList<>();
    for (OutputTable table : OutputTable.values()) {
      rows.add(StagedRecords.row(table.tableName(), "i1", SAMPLES.get(table)));
    }
    Dataset<Row> staged = spark.createDataFrame(rows, StagedRecords.SCHEMA);
    for (OutputTable table : OutputTable.values()) {
      Dataset<Row> cut = IterationTables.table(staged, table, RftConfig.defaults());
      assertThat(cut.schema().catalogString())
          .as(table.tableName())
          .isEqualTo(table.schema().catalogString());
      List<Row> read = cut.collectAsList();
      assertThat(read).as(table.tableName()).hasSize(1);
      Object back = StagedRecords.JSON.readValue(read.get(0).json(), table.recordType());
      assertThat(back).as(table.tableName()).isEqualTo(SAMPLES.get(table));
    }
  }

  @Test
  void theIterationsRefinerMixIsRftMixOverTheExamplesByInstructionKindAndCompletion()
      throws Exception {
    RftConfig caps = new RftConfig(2, 1, 1, 1, 1);
    List<RefinerExample> examples =
        List.of(
            example("b", RefinerExampleKind.REFINEMENT, "p-b", "x"),
            example("a", RefinerExampleKind.REFINEMENT, "p-a", "y"),
            example("c", RefinerExampleKind.REFINEMENT, "p-c", "z"),
            // the same judgment prompt under two ids: the first id in order wins
            example("e", RefinerExampleKind.COLLECTION_JUDGMENT_NO, "same", "No"),
            example("d", RefinerExampleKind.COLLECTION_JUDGMENT_YES, "same", "Yes"),
            example("d", RefinerExampleKind.TREE_JUDGMENT_LOW, "low-1", "No"),
            example("d", RefinerExampleKind.TREE_JUDGMENT_LOW, "low-2", "Maybe"));
    List<Row> rows = new ArrayList<>();
    examples.forEach(e -> rows.add(StagedRecords.row("refiner_sft", e.instructionId(), e)));
    Dataset<Row> staged = spark.createDataFrame(rows, StagedRecords.SCHEMA).repartition(3);

    List<RefinerExample> kept = new ArrayList<>();
    for (Iterator<Row> it =
            IterationTables.table(staged, OutputTable.REFINER_SFT, caps).toLocalIterator();
        it.hasNext(); ) {
      kept.add(StagedRecords.JSON.readValue(it.next().json(), RefinerExample.class));
    }

    List<RefinerExample> ordered =
        examples.stream()
            .sorted(
                Comparator.comparing(RefinerExample::instructionId)
                    .thenComparing(RefinerExample::kind)
                    .thenComparing(RefinerExample::completion))
            .toList();
    List<RefinerExample> expected = new RftMix(caps).select(ordered);
    assertThat(kept).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(kept)
        .extracting(RefinerExample::instructionId, RefinerExample::kind)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("a", "REFINEMENT"),
            org.assertj.core.groups.Tuple.tuple("b", "REFINEMENT"),
            org.assertj.core.groups.Tuple.tuple("d", "COLLECTION_JUDGMENT_YES"),
            org.assertj.core.groups.Tuple.tuple("d", "TREE_JUDGMENT_LOW"));
  }

  private static RefinerExample example(
      String id, RefinerExampleKind kind, String prompt, String completion) {
    return new RefinerExample(
        id, kind.name(), List.of(new ChatTurn("user", prompt)), completion, 0.5, LINEAGE);
  }

  /** Dotted paths of every field of a JSON value (array elements descend as {@code []}). */
  private static TreeSet<String> paths(JsonNode node, String prefix) {
    TreeSet<String> paths = new TreeSet<>();
    if (node.isObject()) {
      node.fieldNames()
          .forEachRemaining(
              name -> {
                paths.add(prefix + name);
                paths.addAll(paths(node.get(name), prefix + name + "."));
              });
    } else if (node.isArray() && !node.isEmpty()) {
      paths.addAll(paths(node.get(0), prefix + "[]."));
    }
    return paths;
  }

  /** Dotted paths of every field of a schema, in the form of {@link #paths(JsonNode, String)}. */
  private static TreeSet<String> paths(DataType type, String prefix) {
    TreeSet<String> paths = new TreeSet<>();
    if (type instanceof StructType struct) {
      for (StructField field : struct.fields()) {
        paths.add(prefix + field.name());
        paths.addAll(paths(field.dataType(), prefix + field.name() + "."));
      }
    } else if (type instanceof ArrayType array) {
      paths.addAll(paths(array.elementType(), prefix + "[]."));
    }
    return paths;
  }
}
