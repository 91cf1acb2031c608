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
    assertThat(PairAudit.confirmedShare(pairs, byId)).isEqualTo(1.0 / 3);
    assertThat(PairAudit.confirmedShare(List.of(), byId)).isZero();
  }

  @Test
  void aPairOfAnUnknownInstructionIsAnError() {
    assertThatThrownBy(
            () ->
                PairAudit.confirmedShare(
                    List.of(new IndependentPairs.Pair("nope", "a", "b")), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pair of unknown instruction nope: not among the tasks");
  }
}
