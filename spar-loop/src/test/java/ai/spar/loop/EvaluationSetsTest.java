package ai.spar.loop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.ifeval.IfevalPrompt;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EvaluationSetsTest {
  private static final List<IfevalPrompt> BUNDLED = IfevalPrompt.bundled();

  @Test
  void withoutADevFileAStableShareOfTheEvaluationPromptsIsHeldOut() {
    EvaluationSets sets = EvaluationSets.of(BUNDLED, "bundled", Optional.empty(), "", 0.3, 0);
    assertThat(sets.test().size() + sets.dev().size()).isEqualTo(BUNDLED.size());
    assertThat((double) sets.dev().size() / BUNDLED.size()).isBetween(0.25, 0.35);
    Set<String> dev = new HashSet<>();
    sets.dev().forEach(p -> dev.add(p.prompt()));
    assertThat(sets.test()).noneMatch(p -> dev.contains(p.prompt()));
    // the split depends on each prompt's text, not on the file's order
    List<IfevalPrompt> reversed = new ArrayList<>(BUNDLED);
    java.util.Collections.reverse(reversed);
    EvaluationSets again = EvaluationSets.of(reversed, "bundled", Optional.empty(), "", 0.3, 0);
    assertThat(again.dev()).containsExactlyInAnyOrderElementsOf(sets.dev());
  }

  @Test
  void evalPromptsCapsOnlyTheTestSet() {
    EvaluationSets sets = EvaluationSets.of(BUNDLED, "bundled", Optional.empty(), "", 0.3, 50);
    assertThat(sets.test()).hasSize(50);
    assertThat(sets.dev().size()).isGreaterThan(100);
  }

  @Test
  void aDevFileSharingAPromptWithTheEvaluationSetIsRefused() {
    assertThatThrownBy(
            () ->
                EvaluationSets.of(
                    BUNDLED.subList(0, 10),
                    "eval.jsonl",
                    Optional.of(BUNDLED.subList(9, 12)),
                    "dev.jsonl",
                    0.3,
                    0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "loop.gate_input dev.jsonl shares prompt key "
                + BUNDLED.get(9).key()
                + " of eval.jsonl")
        .hasMessageEndingWith("the gate's dev set must be disjoint from the evaluation set");
    EvaluationSets ok =
        EvaluationSets.of(
            BUNDLED.subList(0, 10),
            "eval.jsonl",
            Optional.of(BUNDLED.subList(10, 12)),
            "dev.jsonl",
            0.3,
            0);
    assertThat(ok.test()).hasSize(10);
    assertThat(ok.dev()).hasSize(2);
  }
}
