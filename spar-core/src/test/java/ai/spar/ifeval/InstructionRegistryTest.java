package ai.spar.ifeval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InstructionRegistryTest {

  @Test
  void registersTheTwentyFiveReferenceIds() {
    assertThat(InstructionRegistry.ids()).hasSize(25);
    for (IfevalPrompt p : IfevalPrompt.bundled()) {
      assertThat(InstructionRegistry.ids()).containsAll(p.instructions().instructionIds());
      // every bundled prompt's kwargs build and check without error
      assertThat(IfevalVerifier.loose().verify(p.instructions(), p.prompt(), "An answer."))
          .hasSize(p.instructions().size());
    }
  }

  @Test
  void unknownIdIsAnErrorNamingIt() {
    assertThatThrownBy(() -> InstructionRegistry.create("keywords:nonsense", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown instruction id 'keywords:nonsense'; supported ids: [");
  }

  @Test
  void badKwargsNameTheIdAndArgument() {
    assertThatThrownBy(
            () ->
                InstructionRegistry.create(
                    "detectable_format:number_bullet_lists", Map.of("num_bullets", "three")))
        .hasMessage(
            "detectable_format:number_bullet_lists: kwarg 'num_bullets' must be an integer in [0, 2147483647],"
                + " but was: three");
    assertThatThrownBy(
            () ->
                InstructionRegistry.create(
                    "length_constraints:number_words",
                    Map.of("num_words", 10, "relation", "at most")))
        .hasMessage(
            "length_constraints:number_words: kwarg 'relation' must be \"less than\" or \"at least\", but"
                + " was: at most");
    assertThatThrownBy(() -> InstructionRegistry.create("punctuation:no_comma", Map.of("extra", 1)))
        .hasMessage("punctuation:no_comma: unknown kwarg 'extra'; expected one of []");
    assertThatThrownBy(() -> InstructionRegistry.create("keywords:existence", Map.of()))
        .hasMessage(
            "keywords:existence: kwarg 'keywords' must be a non-empty list of non-empty strings, but was:"
                + " absent");
  }

  @Test
  void nullKwargsCountAsAbsent() {
    Map<String, Object> kwargs = new HashMap<>();
    kwargs.put("num_highlights", 2);
    kwargs.put("relation", null);
    InstructionCheck check =
        InstructionRegistry.create("detectable_format:number_highlighted_sections", kwargs);
    // As in the reference: "**" pairs inside **two** are empty single highlights; **two** counts
    // once.
    CheckResult r = check.check("*one* and **two** and *three*");
    assertThat(r.passed()).isTrue();
    assertThat(r.reason()).isEqualTo("found 3 highlighted sections, expected at least 2");
  }

  @Test
  void reasonsAreReadable() {
    CheckResult r =
        InstructionRegistry.create(
                "detectable_format:number_bullet_lists", Map.of("num_bullets", 4))
            .check("* a\n* b\n- c");
    assertThat(r)
        .isEqualTo(
            new CheckResult(
                "detectable_format:number_bullet_lists",
                false,
                "found 3 bullet points, expected exactly 4"));
  }

  @Test
  void looseAcceptsAfterRemovingAPreamble() {
    VerifiableInstructions ins =
        new VerifiableInstructions(List.of("startend:quotation"), List.of(Map.of()));
    String response = "Sure, here it is:\n\"A quoted answer.\"";
    assertThat(IfevalVerifier.strict().verify(ins, "p", response).get(0).passed()).isFalse();
    CheckResult loose = IfevalVerifier.loose().verify(ins, "p", response).get(0);
    assertThat(loose.passed()).isTrue();
    assertThat(loose.reason())
        .isEqualTo("wrapped in double quotation marks (after removing the first line)");
    assertThat(IfevalVerifier.strict().verify(ins, "p", "  \n ").get(0).reason())
        .isEqualTo("the response is empty");
  }
}
