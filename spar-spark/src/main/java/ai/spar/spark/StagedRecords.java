package ai.spar.spark;

import ai.spar.data.RoundOutput;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The staging format of the job: every record a round produces becomes one row {@code (kind,
 * instruction_id, json)}, so the expensive work writes one dataset once and the six tables are cut
 * from it afterwards (parsed with their record-derived schemas). {@code kind} is the {@link
 * OutputTable} name of the record's table; staging holds table records only (the rounds' metrics
 * travel in an accumulator, {@link ChunkMetrics}).
 */
public final class StagedRecords {
  public static final StructType SCHEMA =
      DataTypes.createStructType(
          List.of(
              DataTypes.createStructField("kind", DataTypes.StringType, false),
              DataTypes.createStructField("instruction_id", DataTypes.StringType, true),
              DataTypes.createStructField("json", DataTypes.StringType, false)));

  /** Records as JSON with snake_case names: the names {@link RecordSchema} gives the columns. */
  static final ObjectMapper JSON =
      JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

  private StagedRecords() {}

  /** One staged row. */
  public static Row row(String kind, String instructionId, Object record) {
    try {
      return RowFactory.create(kind, instructionId, JSON.writeValueAsString(record));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize a " + kind + " record", e);
    }
  }

  /** Every record of a round as staged rows. */
  public static List<Row> rows(RoundOutput output) {
    List<Row> rows = new ArrayList<>();
    output
        .outcomes()
        .forEach(r -> rows.add(row(OutputTable.OUTCOMES.tableName(), r.instructionId(), r)));
    output
        .samples()
        .forEach(r -> rows.add(row(OutputTable.SAMPLES.tableName(), r.instructionId(), r)));
    output.nodes().forEach(r -> rows.add(row(OutputTable.TREES.tableName(), r.instructionId(), r)));
    output
        .actorPairs()
        .forEach(r -> rows.add(row(OutputTable.ACTOR_PAIRS.tableName(), r.instructionId(), r)));
    output
        .refinerExamples()
        .forEach(r -> rows.add(row(OutputTable.REFINER_SFT.tableName(), r.instructionId(), r)));
    output
        .refinerPairs()
        .forEach(r -> rows.add(row(OutputTable.REFINER_PAIRS.tableName(), r.instructionId(), r)));
    return rows;
  }
}
