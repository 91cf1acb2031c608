package ai.spar.selfplay;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.RftConfig;
import ai.spar.data.ChatTurn;
import ai.spar.data.Lineage;
import ai.spar.data.RefinerExample;
import ai.spar.data.RefinerExampleKind;
import java.util.List;
import org.junit.jupiter.api.Test;

class RftMixTest {
  static final Lineage LINEAGE = new Lineage(0, "a", "h", "r", "h", "llm", 1);

  static RefinerExample example(
      String id, RefinerExampleKind kind, String role, String prompt, String completion) {
    return new RefinerExample(
        id, kind.name(), List.of(new ChatTurn(role, prompt)), completion, 0.5, LINEAGE);
  }

  static RefinerExample refinement(String id, String prompt) {
    return example(id, RefinerExampleKind.REFINEMENT, "user", prompt, "better " + prompt);
  }

  @Test
  void keepsAtMostTheCapOfEachKindFirstComeFirstKept() {
    RftMix mix = new RftMix(new RftConfig(2, 1, 0, 5, 5));
    List<RefinerExample> examples =
        List.of(
            refinement("a", "p1"),
            example("a", RefinerExampleKind.TREE_JUDGMENT_HIGH, "user", "j1", "Yes"),
            refinement("b", "p2"),
            example("b", RefinerExampleKind.TREE_JUDGMENT_HIGH, "user", "j2", "Yes"),
            example("b", RefinerExampleKind.TREE_JUDGMENT_LOW, "user", "j3", "No"),
            refinement("c", "p3"));

    assertThat(mix.select(examples))
        .containsExactly(examples.get(0), examples.get(1), examples.get(2));
    assertThat(mix.cap(RefinerExampleKind.REFINEMENT)).isEqualTo(2);
    assertThat(mix.cap(RefinerExampleKind.TREE_JUDGMENT_LOW)).isZero();
    assertThat(mix.cap(RefinerExampleKind.COLLECTION_JUDGMENT_NO)).isEqualTo(5);
  }

  @Test
  void theFirstExampleOfAPromptInTheGivenOrderWinsWhateverItsKindOrCompletion() {
    RftMix mix = new RftMix(RftConfig.defaults());
    RefinerExample no = example("a", RefinerExampleKind.COLLECTION_JUDGMENT_NO, "user", "j", "No");
    RefinerExample yes =
        example("a", RefinerExampleKind.COLLECTION_JUDGMENT_YES, "user", "j", "Yes");

    assertThat(mix.select(List.of(yes, no))).containsExactly(yes);
    assertThat(mix.select(List.of(no, yes))).containsExactly(no);
    // Kept examples keep their given order.
    RefinerExample other = refinement("b", "p");
    assertThat(mix.select(List.of(other, no, yes))).containsExactly(other, no);
  }

  @Test
  void thePromptKeyIsEveryTurnsRoleAndContentNotTheIdOrTheCompletion() {
    RftMix mix = new RftMix(RftConfig.defaults());
    RefinerExample first = refinement("a", "same prompt");
    RefinerExample sameTurnsOtherIdAndCompletion =
        example("z", RefinerExampleKind.REFINEMENT, "user", "same prompt", "another reply");
    RefinerExample otherRole =
        example("a", RefinerExampleKind.REFINEMENT, "assistant", "same prompt", "x");
    RefinerExample twoTurns =
        new RefinerExample(
            "a",
            RefinerExampleKind.REFINEMENT.name(),
            List.of(new ChatTurn("user", "same prompt"), new ChatTurn("assistant", "draft")),
            "x",
            0.5,
            LINEAGE);

    assertThat(mix.select(List.of(first, sameTurnsOtherIdAndCompletion, otherRole, twoTurns)))
        .containsExactly(first, otherRole, twoTurns);
  }

  @Test
  void aPromptIsTakenByItsFirstExampleEvenWhenThatExamplesKindIsFull() {
    RftMix mix = new RftMix(new RftConfig(5, 5, 0, 5, 5));
    RefinerExample low = example("a", RefinerExampleKind.TREE_JUDGMENT_LOW, "user", "j", "No");
    RefinerExample high = example("a", RefinerExampleKind.TREE_JUDGMENT_HIGH, "user", "j", "Yes");

    assertThat(mix.select(List.of(low, high))).isEmpty();
  }

  @Test
  void applyingTheMixToItsOwnOutputChangesNothing() {
    RftMix mix = new RftMix(new RftConfig(1, 1, 1, 1, 1));
    List<RefinerExample> examples =
        List.of(
            refinement("a", "p1"),
            refinement("a", "p1"),
            refinement("b", "p2"),
            example("b", RefinerExampleKind.COLLECTION_JUDGMENT_YES, "user", "p2", "Yes"),
            example("c", RefinerExampleKind.COLLECTION_JUDGMENT_YES, "user", "j", "Yes"));

    List<RefinerExample> once = mix.select(examples);
    assertThat(once).containsExactly(examples.get(0), examples.get(4));
    assertThat(mix.select(once)).isEqualTo(once);
  }
}
