package ai.spar.cli;

import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Short, readable console lines from the loop's recorded outputs: counts and metrics with fixed
 * decimals, never a raw map.
 */
final class ConsoleFormat {
  private ConsoleFormat() {}

  /** {@code PAIR_FOUND 7, ALL_PASSED 9 (16 in all)}: largest first. */
  static String counts(Map<String, Object> counts) {
    long total = counts.values().stream().mapToLong(v -> ((Number) v).longValue()).sum();
    return counts.entrySet().stream()
            .sorted((a, b) -> Long.compare(number(b.getValue()), number(a.getValue())))
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "))
        + " ("
        + total
        + " in all)";
  }

  /**
   * A training step's outputs: steps, examples and the last step's main metrics (DPO: loss, reward
   * accuracy and margin; SFT: loss), or why it was skipped.
   */
  @SuppressWarnings("unchecked")
  static String training(Map<String, Object> outputs) {
    if (outputs.containsKey("skipped")) {
      return "skipped: " + outputs.get("skipped");
    }
    Map<String, Object> last = (Map<String, Object>) outputs.getOrDefault("last_metrics", Map.of());
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%4d steps on %4d examples, last loss %.4f",
                number(outputs.get("steps")),
                number(outputs.get("examples")),
                decimal(last.get("loss"))));
    if (last.containsKey("rewards/margins")) {
      line.append(
          String.format(
              Locale.ROOT,
              ", reward accuracy %.2f, margin %+.4f",
              decimal(last.get("rewards/accuracies")),
              decimal(last.get("rewards/margins"))));
    }
    return line.toString();
  }

  /** {@code promote (ifeval_average 0.792 -> 0.792, tolerance 0.010)}. */
  static String gate(Map<String, Object> outputs) {
    if (!outputs.containsKey("candidate")) {
      return String.valueOf(outputs.getOrDefault("decision", "not decided"));
    }
    return String.format(
        Locale.ROOT,
        "%s (%s %.3f -> %.3f, tolerance %.3f)",
        outputs.get("decision"),
        outputs.get("metric"),
        decimal(outputs.get("previous")),
        decimal(outputs.get("candidate")),
        decimal(outputs.get("tolerance")));
  }

  private static long number(Object value) {
    return value == null ? 0 : ((Number) value).longValue();
  }

  private static double decimal(Object value) {
    return value == null ? Double.NaN : ((Number) value).doubleValue();
  }
}
