package ai.spar.cli;

import ai.spar.loop.GateDecision;
import ai.spar.loop.Trained;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Short, readable console lines from the loop's step results: counts and metrics with fixed
 * decimals, never a raw map.
 */
final class ConsoleFormat {
  private ConsoleFormat() {}

  /** {@code PAIR_FOUND 7, ALL_PASSED 9 (16 in all)}: largest first. */
  static String counts(Map<String, Long> counts) {
    long total = counts.values().stream().mapToLong(Long::longValue).sum();
    return counts.entrySet().stream()
            .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "))
        + " ("
        + total
        + " in all)";
  }

  /**
   * A training step's result: steps, examples and the last step's main metrics (DPO: loss, reward
   * accuracy and margin; SFT: loss), or why it was skipped.
   */
  static String training(Trained trained) {
    if (trained.skipped() != null) {
      return "skipped: " + trained.skipped();
    }
    Map<String, Object> last = trained.lastMetrics() == null ? Map.of() : trained.lastMetrics();
    StringBuilder line =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%4d steps on %4d examples, last loss %.4f",
                number(trained.steps()),
                number(trained.examples()),
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

  /** {@code promote (ifeval_average_dev 0.792 -> 0.792, tolerance 0.010)}. */
  static String gate(GateDecision gate) {
    return String.format(
        Locale.ROOT,
        "%s (%s %.3f -> %.3f, tolerance %.3f)",
        gate.decision().key(),
        gate.metric(),
        gate.previous(),
        gate.candidate(),
        gate.tolerance());
  }

  private static long number(Integer value) {
    return value == null ? 0 : value;
  }

  private static double decimal(Object value) {
    return value == null ? Double.NaN : ((Number) value).doubleValue();
  }
}
