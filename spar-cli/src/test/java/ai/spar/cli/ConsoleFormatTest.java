package ai.spar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.loop.GateDecision;
import ai.spar.loop.Trained;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleFormatTest {
  @Test
  void outcomesAreCountedLargestFirst() {
    Map<String, Long> counts = new LinkedHashMap<>();
    counts.put("ALL_PASSED", 9L);
    counts.put("PAIR_FOUND", 7L);
    counts.put("SEARCH_FAILED", 12L);
    assertThat(ConsoleFormat.counts(counts))
        .isEqualTo("SEARCH_FAILED 12, ALL_PASSED 9, PAIR_FOUND 7 (28 in all)");
  }

  @Test
  void trainingShowsTheLastStepsMetricsWithFixedDecimalsNotARawMap() {
    Trained dpo =
        new Trained(
            "/m/actor-1/final",
            null,
            4,
            7,
            0,
            900L,
            1.5,
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
                new Trained(
                    "/m/refiner-1/final", null, 4, 31, 0, 900L, 1.5, Map.of("loss", 0.2818))))
        .isEqualTo("   4 steps on   31 examples, last loss 0.2818");
    assertThat(ConsoleFormat.training(Trained.skipped("/m/m0", "no actor pairs")))
        .isEqualTo("skipped: no actor pairs");
  }

  @Test
  void theGateNamesItsDecisionAndNumbers() {
    assertThat(ConsoleFormat.gate(GateDecision.of(0.7916666666666667, 0.7916666666666667, 0.01)))
        .isEqualTo("promote (ifeval_average_dev 0.792 -> 0.792, tolerance 0.010)");
    assertThat(ConsoleFormat.gate(GateDecision.of(0.75, 0.5, 0.01)))
        .isEqualTo("reject (ifeval_average_dev 0.750 -> 0.500, tolerance 0.010)");
  }
}
