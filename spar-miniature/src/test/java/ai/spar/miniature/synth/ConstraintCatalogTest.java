package ai.spar.miniature.synth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConstraintCatalogTest {
  private static final ConstraintCatalog.Sampler LOWER =
      (rnd, task) -> new Constraint("change_case:english_lowercase", Map.of(), "Use lowercase.");
  private static final ConstraintCatalog.Sampler UPPER =
      (rnd, task) -> new Constraint("change_case:english_capital", Map.of(), "Use capitals.");
  private static final ConstraintCatalog.Sampler NO_COMMA =
      (rnd, task) -> new Constraint("punctuation:no_comma", Map.of(), "No commas.");

  private static Map<String, ConstraintCatalog.Sampler> samplers() {
    Map<String, ConstraintCatalog.Sampler> s = new LinkedHashMap<>();
    s.put("change_case:english_lowercase", LOWER);
    s.put("change_case:english_capital", UPPER);
    s.put("punctuation:no_comma", NO_COMMA);
    return s;
  }

  private static final ConstraintCatalog CASES =
      new ConstraintCatalog(
          "the test catalogue",
          samplers(),
          Map.of(
              "change_case:english_lowercase", Set.of("change_case:english_capital"),
              "change_case:english_capital", Set.of("change_case:english_lowercase")));

  @Test
  void drawsCompatibleConstraintsOnlyAndThePromptJoinsTheirPhrases() {
    for (int seed = 0; seed < 50; seed++) {
      List<Constraint> drawn = CASES.draw(new Random(seed), 3, "Write a poem.");
      // lowercase and capitals never meet, so at most two of the three ids are drawn
      assertThat(drawn).hasSize(2);
      assertThat(drawn).extracting(Constraint::id).contains("punctuation:no_comma");
      assertThat(ConstraintCatalog.prompt("Write a poem.", drawn))
          .startsWith("Write a poem. ")
          .contains("No commas.");
    }
  }

  @Test
  void theSameRandomSourceDrawsTheSameConstraints() {
    ConstraintCatalog ifeval = ConstraintCatalog.ifeval();
    assertThat(ifeval.draw(new Random(7), 3, "Write about tea."))
        .isEqualTo(ifeval.draw(new Random(7), 3, "Write about tea."));
    assertThat(ifeval.ids()).isEqualTo(ConstraintCatalog.IDS);
  }

  @Test
  void refusesAConflictThatRunsOneWayOnly() {
    assertThatThrownBy(
            () ->
                new ConstraintCatalog(
                    "the test catalogue",
                    samplers(),
                    Map.of("change_case:english_lowercase", Set.of("change_case:english_capital"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the test catalogue: conflicts must be symmetric, but change_case:english_lowercase"
                + " excludes change_case:english_capital and not the reverse");
  }

  @Test
  void anUnknownIdNamesTheCatalogueAndItsIds() {
    assertThatThrownBy(() -> CASES.sample("startend:quotation", new Random(1), "Write."))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "the test catalogue does not support instruction id 'startend:quotation'; expected one"
                + " of [change_case:english_lowercase, change_case:english_capital,"
                + " punctuation:no_comma]");
  }
}
