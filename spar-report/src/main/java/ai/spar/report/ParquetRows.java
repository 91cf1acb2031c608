package ai.spar.report;

import ai.spar.trainer.data.ParquetTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a table of the job as plain maps (column name to string, number, boolean, list or nested
 * map), finding its files the way the trainer does ({@link ParquetTable}). Lists in Spark's
 * three-level layout become Java lists. An empty table gives no rows; a table directory that does
 * not exist gives no rows either (older runs may lack a table).
 */
final class ParquetRows {
  private ParquetRows() {}

  /**
   * The rows of a table, read as they are iterated (each iteration reads the files again), so a
   * large table never sits in memory.
   */
  static Iterable<Map<String, Object>> stream(String location, Configuration conf) {
    Path dir = new Path(location);
    try {
      if (!dir.getFileSystem(conf).exists(dir)) {
        return List.of();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + location, e);
    }
    List<String> files = ParquetTable.open(List.of(location), conf).files();
    return () -> new RowIterator(files, conf);
  }

  /** Every table's rows in memory (for small tables and tests). */
  static List<Map<String, Object>> read(String location, Configuration conf) {
    List<Map<String, Object>> rows = new ArrayList<>();
    stream(location, conf).forEach(rows::add);
    return rows;
  }

  /** Rows file after file; a file's reader closes when its last row was read. */
  private static final class RowIterator implements Iterator<Map<String, Object>> {
    private final List<String> files;
    private final Configuration conf;
    private int file;
    private ParquetReader<Group> reader;
    private Group next;

    RowIterator(List<String> files, Configuration conf) {
      this.files = files;
      this.conf = conf;
    }

    @Override
    public boolean hasNext() {
      while (next == null) {
        try {
          if (reader == null) {
            if (file == files.size()) {
              return false;
            }
            reader =
                ParquetReader.builder(new GroupReadSupport(), new Path(files.get(file++)))
                    .withConf(conf)
                    .build();
          }
          next = reader.read();
          if (next == null) {
            reader.close();
            reader = null;
          }
        } catch (IOException e) {
          throw new UncheckedIOException(
              files.get(file - 1) + ": cannot read rows: " + e.getMessage(), e);
        }
      }
      return true;
    }

    @Override
    public Map<String, Object> next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      Group row = next;
      next = null;
      return struct(row);
    }
  }

  private static Map<String, Object> struct(Group group) {
    GroupType type = group.getType();
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < type.getFieldCount(); i++) {
      Type field = type.getType(i);
      out.put(field.getName(), group.getFieldRepetitionCount(i) == 0 ? null : value(group, i));
    }
    return out;
  }

  private static Object value(Group group, int field) {
    Type type = group.getType().getType(field);
    if (type.isPrimitive()) {
      return primitive(group, field, 0, type.asPrimitiveType());
    }
    Group nested = group.getGroup(field, 0);
    if (type.getLogicalTypeAnnotation()
        instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      return list(nested);
    }
    return struct(nested);
  }

  /** A LIST group: {@code repeated group list { optional element }} (or the two-level form). */
  private static List<Object> list(Group listGroup) {
    List<Object> items = new ArrayList<>();
    Type repeated = listGroup.getType().getType(0);
    for (int i = 0; i < listGroup.getFieldRepetitionCount(0); i++) {
      if (repeated.isPrimitive()) {
        items.add(primitive(listGroup, 0, i, repeated.asPrimitiveType()));
        continue;
      }
      Group item = listGroup.getGroup(0, i);
      if (item.getType().getFieldCount() == 1 && "element".equals(item.getType().getFieldName(0))) {
        items.add(item.getFieldRepetitionCount(0) == 0 ? null : value(item, 0));
      } else {
        items.add(struct(item));
      }
    }
    return items;
  }

  private static Object primitive(Group group, int field, int index, PrimitiveType type) {
    return switch (type.getPrimitiveTypeName()) {
      case BINARY, FIXED_LEN_BYTE_ARRAY -> group.getString(field, index);
      case INT32 -> group.getInteger(field, index);
      case INT64 -> group.getLong(field, index);
      case DOUBLE -> group.getDouble(field, index);
      case FLOAT -> (double) group.getFloat(field, index);
      case BOOLEAN -> group.getBoolean(field, index);
      case INT96 -> group.getValueToString(field, index);
    };
  }
}
