package ai.spar.ifeval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed access to one instruction's kwargs, failing with a message that names the instruction id
 * and the argument. Null values count as absent (Hugging Face copies of IFEval fill unused keys
 * with null); keys the instruction does not take are an error, as they are for the reference's
 * {@code build_description(**kwargs)}.
 */
final class Kwargs {
  private final String id;
  private final Map<String, Object> values;

  Kwargs(String id, Map<String, Object> values, String... allowed) {
    this.id = id;
    this.values = values;
    Set<String> names = Set.of(allowed);
    for (Map.Entry<String, Object> e : values.entrySet()) {
      if (e.getValue() != null && !names.contains(e.getKey())) {
        throw new IllegalArgumentException(
            String.format(
                java.util.Locale.ROOT,
                "%s: unknown kwarg '%s'; expected one of %s",
                id,
                e.getKey(),
                Arrays.toString(allowed)));
      }
    }
  }

  private IllegalArgumentException bad(String name, String expected, Object actual) {
    return new IllegalArgumentException(
        String.format(
            java.util.Locale.ROOT,
            "%s: kwarg '%s' must be %s, but was: %s",
            id,
            name,
            expected,
            actual == null ? "absent" : actual));
  }

  private Object required(String name, String expected) {
    Object v = values.get(name);
    if (v == null) {
      throw bad(name, expected, null);
    }
    return v;
  }

  /** A required integer argument within [min, max]. */
  int integer(String name, int min, int max) {
    String expected = "an integer in [" + min + ", " + max + "]";
    Object v = required(name, expected);
    if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw bad(name, expected, v);
    }
    double d = n.doubleValue();
    if (d < min || d > max) {
      throw bad(name, expected, v);
    }
    return (int) d;
  }

  /** A required non-blank string argument. */
  String string(String name) {
    Object v = required(name, "a non-empty string");
    if (!(v instanceof String s) || s.isEmpty()) {
      throw bad(name, "a non-empty string", v);
    }
    return s;
  }

  /** A required relation phrase ("less than" or "at least"). */
  Relation relation(String name) {
    Object v = required(name, "\"less than\" or \"at least\"");
    Relation r = v instanceof String s ? Relation.fromPhrase(s) : null;
    if (r == null) {
      throw bad(name, "\"less than\" or \"at least\"", v);
    }
    return r;
  }

  /** A required non-empty list of non-empty strings. */
  List<String> strings(String name) {
    String expected = "a non-empty list of non-empty strings";
    Object v = required(name, expected);
    if (!(v instanceof List<?> list) || list.isEmpty()) {
      throw bad(name, expected, v);
    }
    List<String> out = new ArrayList<>();
    for (Object o : list) {
      if (!(o instanceof String s) || s.isEmpty()) {
        throw bad(name, expected, v);
      }
      out.add(s);
    }
    return out;
  }
}
