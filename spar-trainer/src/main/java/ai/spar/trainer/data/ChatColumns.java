package ai.spar.trainer.data;

import ai.spar.llm.chat.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads the two column shapes training tables use: a string, and a chat (a list of {@code
 * struct<role, content>}, in the standard three-level list layout Spark writes or the legacy
 * two-level one). Errors name the file, the row and the column.
 */
final class ChatColumns {
  /** What a column holds. */
  enum Kind {
    STRING,
    CHAT
  }

  private ChatColumns() {}

  /** The column's kind, or empty if the schema has no such column. */
  static Optional<Kind> kind(MessageType schema, String column, String file) {
    if (!schema.containsField(column)) {
      return Optional.empty();
    }
    Type type = schema.getType(column);
    if (isString(type)) {
      return Optional.of(Kind.STRING);
    }
    if (messageStruct(type).isPresent()) {
      return Optional.of(Kind.CHAT);
    }
    throw new TrainingDataException(
        file
            + ": column '"
            + column
            + "' must be a string or a list of struct<role: string, content: string>, but is: "
            + type.toString().replace('\n', ' ').trim());
  }

  /** The column's kind, failing when it is missing. */
  static Kind require(MessageType schema, String column, String file, String purpose) {
    return kind(schema, column, file)
        .orElseThrow(
            () ->
                new TrainingDataException(
                    file
                        + ": missing column '"
                        + column
                        + "' ("
                        + purpose
                        + "); the file has columns "
                        + schema.getFields().stream().map(Type::getName).toList()));
  }

  /** A string value; null is an error. */
  static String string(Group row, String column, RowSource source) {
    if (row.getFieldRepetitionCount(column) == 0) {
      throw new TrainingDataException(source + ": column '" + column + "' is null");
    }
    return row.getString(column, 0);
  }

  /**
   * A chat value (a string is read as one turn of {@code roleOfString}); null or empty is an error.
   */
  static List<ChatMessage> chat(
      Group row, String column, Kind kind, String roleOfString, RowSource source) {
    if (kind == Kind.STRING) {
      return List.of(new ChatMessage(roleOfString, string(row, column, source)));
    }
    if (row.getFieldRepetitionCount(column) == 0) {
      throw new TrainingDataException(source + ": column '" + column + "' is null");
    }
    Group list = row.getGroup(column, 0);
    GroupType listType = list.getType();
    String repeated = listType.getFieldName(0);
    List<ChatMessage> messages = new ArrayList<>();
    for (int i = 0; i < list.getFieldRepetitionCount(repeated); i++) {
      Group item = list.getGroup(repeated, i);
      Group struct = item;
      if (!hasRoleAndContent(item.getType())) {
        String element = item.getType().getFieldName(0);
        if (item.getFieldRepetitionCount(element) == 0) {
          throw new TrainingDataException(
              source + ": column '" + column + "' has a null message at " + i);
        }
        struct = item.getGroup(element, 0);
      }
      if (struct.getFieldRepetitionCount("role") == 0
          || struct.getFieldRepetitionCount("content") == 0) {
        throw new TrainingDataException(
            source + ": column '" + column + "' message " + i + " has a null role or content");
      }
      messages.add(new ChatMessage(struct.getString("role", 0), struct.getString("content", 0)));
    }
    if (messages.isEmpty()) {
      throw new TrainingDataException(
          source + ": column '" + column + "' is an empty list of messages");
    }
    return messages;
  }

  private static boolean isString(Type type) {
    if (!type.isPrimitive() || type.isRepetition(Type.Repetition.REPEATED)) {
      return false;
    }
    PrimitiveType p = type.asPrimitiveType();
    LogicalTypeAnnotation logical = p.getLogicalTypeAnnotation();
    return p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.BINARY
        && (logical == null
            || logical instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation);
  }

  /** The struct<role, content> of a list column, in either list layout. */
  private static Optional<GroupType> messageStruct(Type type) {
    if (type.isPrimitive() || type.asGroupType().getFieldCount() != 1) {
      return Optional.empty();
    }
    Type repeated = type.asGroupType().getType(0);
    if (repeated.isPrimitive() || !repeated.isRepetition(Type.Repetition.REPEATED)) {
      return Optional.empty();
    }
    GroupType item = repeated.asGroupType();
    if (hasRoleAndContent(item)) {
      return Optional.of(item); // two-level list
    }
    if (item.getFieldCount() == 1
        && !item.getType(0).isPrimitive()
        && hasRoleAndContent(item.getType(0).asGroupType())) {
      return Optional.of(item.getType(0).asGroupType()); // three-level list
    }
    return Optional.empty();
  }

  private static boolean hasRoleAndContent(GroupType struct) {
    return struct.containsField("role")
        && struct.containsField("content")
        && isString(struct.getType("role"))
        && isString(struct.getType("content"));
  }
}
