package ai.spar.spark;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.CaseFormat;
import com.google.common.base.Preconditions;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Derives the Spark schema of a core record class, so each output table's schema is defined once:
 * by the record that leaves the core. Column names are the record components in snake_case (or the
 * name a component's {@code @JsonProperty} gives, which the staging JSON uses too), in declaration
 * order; primitives are non-nullable, everything else nullable.
 *
 * <p>Supported component types: {@code String}, {@code int/long/double/float/boolean} and their
 * boxes, enums (as their name), {@code List<T>} of a supported type, {@code Map<String, String>}
 * and nested records.
 */
public final class RecordSchema {
  private RecordSchema() {}

  /** The schema of a record class. */
  public static StructType of(Class<? extends Record> type) {
    Preconditions.checkArgument(type.isRecord(), "%s is not a record", type.getName());
    List<StructField> fields = new ArrayList<>();
    for (RecordComponent component : type.getRecordComponents()) {
      Type generic = component.getGenericType();
      boolean primitive = component.getType().isPrimitive();
      fields.add(
          DataTypes.createStructField(
              columnName(component), dataType(generic, type, component.getName()), !primitive));
    }
    return DataTypes.createStructType(fields);
  }

  /**
   * The column name of a record component: its {@code @JsonProperty} name when it has one, else its
   * name in snake_case.
   */
  public static String columnName(RecordComponent component) {
    JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
    if (property != null && !property.value().isEmpty()) {
      return property.value();
    }
    return columnName(component.getName());
  }

  /**
   * The column name of a record component: {@code instructionId} becomes {@code instruction_id}.
   */
  public static String columnName(String componentName) {
    return CaseFormat.LOWER_CAMEL.to(CaseFormat.LOWER_UNDERSCORE, componentName);
  }

  @SuppressWarnings("unchecked")
  private static DataType dataType(Type type, Class<?> owner, String component) {
    if (type instanceof Class<?> c) {
      if (c == String.class || c.isEnum()) {
        return DataTypes.StringType;
      }
      if (c == int.class || c == Integer.class) {
        return DataTypes.IntegerType;
      }
      if (c == long.class || c == Long.class) {
        return DataTypes.LongType;
      }
      if (c == double.class || c == Double.class) {
        return DataTypes.DoubleType;
      }
      if (c == float.class || c == Float.class) {
        return DataTypes.FloatType;
      }
      if (c == boolean.class || c == Boolean.class) {
        return DataTypes.BooleanType;
      }
      if (c.isRecord()) {
        return of((Class<? extends Record>) c);
      }
    }
    if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
      Type[] args = p.getActualTypeArguments();
      if (List.class.isAssignableFrom(raw)) {
        return DataTypes.createArrayType(dataType(args[0], owner, component), true);
      }
      if (Map.class.isAssignableFrom(raw) && args[0] == String.class && args[1] == String.class) {
        return DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true);
      }
    }
    throw new IllegalArgumentException(
        "unsupported type "
            + type.getTypeName()
            + " of "
            + owner.getSimpleName()
            + "."
            + component);
  }
}
