package ai.spar.miniature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PairAuditTest {
  private static final MiniTeacher TEACHER = new MiniTeacher(MiniatureFixtures.BANK);

  @Test
  void confirmsPairsWhoseChosenPassesAndRejectedFails() {
    List<MiniTask> tasks = MiniatureFixtures.tasks(9, 2);
    TeacherResponses a = TEACHER.respond(tasks.get(0)).orElseThrow();
    TeacherResponses b = TEACHER.respond(tasks.get(1)).orElseThrow();
    Map<String, MiniTask> byId =
        Map.of(tasks.get(0).id(), tasks.get(0), tasks.get(1).id(), tasks.get(1));
    List<IndependentPairs.Pair> pairs =
        List.of(
            new IndependentPairs.Pair(tasks.get(0).id(), a.compliant(), a.imperfect()),
            new IndependentPairs.Pair(tasks.get(1).id(), b.imperfect(), b.compliant()),
            new IndependentPairs.Pair(tasks.get(1).id(), b.compliant(), b.compliant()));
    assertThat(PairAudit.audit(pairs, byId).confirmedShare()).isEqualTo(1.0 / 3);
    assertThat(PairAudit.audit(List.of(), byId).confirmedShare()).isZero();
  }

  @Test
  void aPairOfAnUnknownInstructionIsAnError() {
    assertThatThrownBy(
            () -> PairAudit.audit(List.of(new IndependentPairs.Pair("nope", "a", "b")), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pair of unknown instruction nope: not among the tasks");
  }

  @Test
  void measuresHowMuchOfTheRejectedResponseTheChosenOneKeeps() {
    // a task whose twin is not a case change (a case change rewrites every letter: the
    // character-level similarity is low while every content word survives, case-blind)
    MiniTask task =
        MiniatureFixtures.tasks(9, 12).stream()
            .filter(t -> !TEACHER.respond(t).orElseThrow().violatedId().startsWith("change_case:"))
            .findFirst()
            .orElseThrow();
    List<MiniTask> tasks = List.of(task);
    TeacherResponses a = TEACHER.respond(task).orElseThrow();
    Map<String, MiniTask> byId = Map.of(task.id(), task);
    // the teacher's twins differ by one minimal edit: the chosen keeps the rejected's words
    PairAudit.Report twins =
        PairAudit.audit(
            List.of(new IndependentPairs.Pair(tasks.get(0).id(), a.compliant(), a.imperfect())),
            byId);
    assertThat(twins.pairs()).isEqualTo(1);
    assertThat(twins.confirmedShare()).isEqualTo(1.0);
    assertThat(twins.meanSimilarity()).isGreaterThan(0.7);
    assertThat(twins.contentPreservedShare()).isEqualTo(1.0);
    // a rewrite about another subject keeps almost nothing
    PairAudit.Report drift =
        PairAudit.audit(
            List.of(
                new IndependentPairs.Pair(
                    tasks.get(0).id(),
                    "The clever key rolls in the market.",
                    "The clever ant learns in the village.")),
            byId);
    assertThat(PairAudit.contentKept("The clever ant learns in the village.", "The clever key"))
        .isEqualTo(1.0 / 3); // clever, learns, village: "the", "ant", "in" are too short
    assertThat(drift.contentPreservedShare()).isZero();
    assertThat(drift.meanContentKept()).isEqualTo(1.0 / 3);
    assertThat(drift.meanEditDistance()).isGreaterThan(10);
  }
}
