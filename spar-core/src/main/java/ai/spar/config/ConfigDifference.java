package ai.spar.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** The keys in which two configurations (as YAML) differ, for messages that name them. */
public final class ConfigDifference {
  private static final YAMLMapper YAML = new YAMLMapper();

  private ConfigDifference() {}

  /**
   * The dotted keys whose values differ, each with both values ({@code search.branch: 4 -> 2}), in
   * key order; {@code (absent)} stands for a key one side lacks.
   */
  public static List<String> between(String beforeYaml, String afterYaml) {
    JsonNode before;
    JsonNode after;
    try {
      before = YAML.readTree(beforeYaml);
      after = YAML.readTree(afterYaml);
    } catch (IOException e) {
      return List.of("(the configurations cannot be compared: " + e.getMessage() + ")");
    }
    List<String> out = new ArrayList<>();
    collect("", before, after, out);
    return out;
  }

  /** {@link #between} as one phrase: {@code changed keys: a.b: 1 -> 2, c: x -> y}. */
  public static String describe(String beforeYaml, String afterYaml) {
    List<String> keys = between(beforeYaml, afterYaml);
    return keys.isEmpty()
        ? "no key differs"
        : "changed key" + (keys.size() == 1 ? "" : "s") + ": " + String.join(", ", keys);
  }

  private static void collect(String prefix, JsonNode before, JsonNode after, List<String> out) {
    if (before != null && after != null && before.isObject() && after.isObject()) {
      TreeSet<String> names = new TreeSet<>();
      before.fieldNames().forEachRemaining(names::add);
      for (Iterator<String> it = after.fieldNames(); it.hasNext(); ) {
        names.add(it.next());
      }
      for (String name : names) {
        collect(
            prefix.isEmpty() ? name : prefix + "." + name, before.get(name), after.get(name), out);
      }
      return;
    }
    if (before == null || after == null || !before.equals(after)) {
      out.add(prefix + ": " + show(before) + " -> " + show(after));
    }
  }

  private static String show(JsonNode node) {
    return node == null ? "(absent)" : node.isTextual() ? node.asText() : node.toString();
  }
}
