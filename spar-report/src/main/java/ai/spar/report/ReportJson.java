package ai.spar.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The JSON the report embeds: one mapper, and small conversions shared by the sections. */
final class ReportJson {
  static final ObjectMapper MAPPER = new ObjectMapper();

  /** The job's tables, in the order the job writes them. */
  static final List<String> TABLES =
      List.of("outcomes", "samples", "trees", "actor_pairs", "refiner_sft", "refiner_pairs");

  private ReportJson() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static JsonNode tree(Object value) {
    return MAPPER.valueToTree(value);
  }

  /** A section left out: why, and what would bring it back. */
  static ObjectNode note(String why) {
    ObjectNode node = object();
    node.put("note", why);
    return node;
  }

  /** A numeric column value (0 when null). */
  static double number(Object value) {
    return value == null ? 0 : ((Number) value).doubleValue();
  }

  /** A text cut to {@code max} characters with an ellipsis. */
  static String excerpt(Object text, int max) {
    String s = text == null ? "" : text.toString();
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }
}
