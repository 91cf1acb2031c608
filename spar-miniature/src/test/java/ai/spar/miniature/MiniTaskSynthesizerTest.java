package ai.spar.miniature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.miniature.synth.Constraint;
import ai.spar.miniature.synth.ConstraintCatalog;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MiniTaskSynthesizerTest {
  private final MiniTaskSynthesizer synth = new MiniTaskSynthesizer(MiniatureFixtures.BANK);
  private final ConstraintCatalog catalog = MiniConstraints.catalog(MiniatureFixtures.BANK);

  @Test
  void setsAreDisjointByPromptTextAndDeterministic() {
    List<List<MiniTask>> sets = synth.disjointSets(4, 100, 150, 200);
    assertThat(sets).extracting(List::size).containsExactly(100, 150, 200);
    Set<String> prompts = new HashSet<>();
    sets.forEach(set -> set.forEach(t -> assertThat(prompts.add(t.prompt())).isTrue()));
    assertThat(new MiniTaskSynthesizer(WordBank.bundled()).disjointSets(4, 100, 150, 200))
        .isEqualTo(sets);
  }

  @Test
  void tasksCarryOneOrTwoCompatibleConstraints() {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < 300; i++) {
      MiniTask task = synth.task(2, i);
      assertThat(task.constraints()).hasSizeBetween(1, 2);
      for (int j = 0; j < task.constraints().size(); j++) {
        Constraint c = task.constraints().get(j);
        ids.add(c.id());
        assertThat(catalog.compatible(c.id(), task.constraints().subList(0, j)))
            .as(task.prompt())
            .isTrue();
        assertThat(task.prompt()).contains(c.phrase());
      }
      assertThat(task.prompt()).startsWith(task.task()).contains(task.subject().noun());
      assertThat(task.toRow()).containsKeys("id", "prompt", "instruction_id_list", "kwargs");
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(MiniConstraints.IDS);
  }

  @Test
  void neverCombinesContradictions() {
    Constraint lower =
        MiniConstraints.sample(
            MiniConstraints.LOWERCASE, new java.util.Random(1), MiniatureFixtures.BANK);
    assertThat(catalog.compatible(MiniConstraints.CAPITAL, List.of(lower))).isFalse();
    assertThat(catalog.compatible(MiniConstraints.LOWERCASE, List.of(lower))).isFalse();
    assertThat(catalog.compatible(MiniConstraints.TITLE, List.of(lower))).isTrue();
    assertThat(catalog.ids()).isEqualTo(MiniConstraints.IDS);
  }

  @Test
  void rejectsANegativeIndex() {
    assertThatThrownBy(() -> synth.task(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("index must be >= 0, but was: -1");
  }
}
