package ai.spar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleFormatTest {
  @Test
  void outcomesAreCountedLargestFirst() {
    Map<String, Object> counts = new LinkedHashMap<>();
    counts.put("ALL_PASSED", 9);
    counts.put("PAIR_FOUND", 7);
    counts.put("SEARCH_FAILED", 12);
    assertThat(ConsoleFormat.counts(counts))
        .isEqualTo("SEARCH_FAILED 12, ALL_PASSED 9, PAIR_FOUND 7 (28 in all)");
  }

  @Test
  void trainingShowsTheLastStepsMetricsWithFixedDecimalsNotARawMap() {
    Map<String, Object> dpo =
        Map.of(
            "steps",
            4,
            "examples",
            7,
            "last_metrics",
            Map.of(
                "loss", 0.7229715585708618,
                "rewards/accuracies", 1.0,
                "rewards/margins", 0.11057505607604981,
                "learning_rate", 3.3333333333333335E-5));
    assertThat(ConsoleFormat.training(dpo))
        .isEqualTo(
            "   4 steps on    7 examples, last loss 0.7230, reward accuracy 1.00, margin +0.1106");
    assertThat(
            ConsoleFormat.training(
                Map.of("steps", 4, "examples", 31, "last_metrics", Map.of("loss", 0.2818))))
        .isEqualTo("   4 steps on   31 examples, last loss 0.2818");
    assertThat(ConsoleFormat.training(Map.of("skipped", "no actor pairs")))
        .isEqualTo("skipped: no actor pairs");
  }

  @Test
  void theGateNamesItsDecisionAndNumbers() {
    assertThat(
            ConsoleFormat.gate(
                Map.of(
                    "decision", "promote",
                    "metric", "ifeval_average",
                    "previous", 0.7916666666666667,
                    "candidate", 0.7916666666666667,
                    "tolerance", 0.01)))
        .isEqualTo("promote (ifeval_average 0.792 -> 0.792, tolerance 0.010)");
  }
}
