package ai.spar.miniature;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.ifeval.CheckResult;
import ai.spar.ifeval.IfevalVerifier;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MiniTeacherTest {
  private static final WordBank BANK = WordBank.bundled();
  private static final MiniTaskSynthesizer SYNTH = new MiniTaskSynthesizer(BANK);
  private static final MiniTeacher TEACHER = new MiniTeacher(BANK);

  @Test
  void compliantPassesEveryConstraintAndImperfectFailsExactlyTheViolatedOne() {
    Map<String, Integer> violated = new TreeMap<>();
    for (int i = 0; i < 400; i++) {
      MiniTask task = SYNTH.task(7, i);
      TeacherResponses r = TEACHER.respond(task).orElseThrow();
      List<CheckResult> good = verify(task, r.compliant());
      assertThat(good).as(task.prompt() + "\n" + r.compliant()).allMatch(CheckResult::passed);
      List<String> failed =
          verify(task, r.imperfect()).stream()
              .filter(c -> !c.passed())
              .map(CheckResult::instructionId)
              .toList();
      assertThat(failed).as(task.prompt() + "\n" + r.imperfect()).containsExactly(r.violatedId());
      violated.merge(r.violatedId(), 1, Integer::sum);
    }
    // every constraint of the family gets violated somewhere
    assertThat(violated.keySet()).containsExactlyInAnyOrderElementsOf(MiniConstraints.IDS);
  }

  @Test
  void respondAllGivesOneTwinPerViolableConstraintStartingWithRespond() {
    int withTwo = 0;
    for (int i = 0; i < 200; i++) {
      MiniTask task = SYNTH.task(5, i);
      List<TeacherResponses> all = TEACHER.respondAll(task);
      assertThat(all.get(0)).isEqualTo(TEACHER.respond(task).orElseThrow());
      assertThat(all).extracting(TeacherResponses::violatedId).doesNotHaveDuplicates();
      assertThat(all.size()).isBetween(1, task.constraints().size());
      for (TeacherResponses twin : all) {
        assertThat(twin.compliant()).isEqualTo(all.get(0).compliant());
        List<String> failed =
            verify(task, twin.imperfect()).stream()
                .filter(c -> !c.passed())
                .map(CheckResult::instructionId)
                .toList();
        assertThat(failed).as(twin.imperfect()).containsExactly(twin.violatedId());
      }
      withTwo += all.size() == 2 ? 1 : 0;
    }
    assertThat(withTwo).as("tasks with two violable constraints").isGreaterThan(50);
  }

  @Test
  void responsesAreShort() {
    for (int i = 0; i < 300; i++) {
      MiniTask task = SYNTH.task(3, i);
      TeacherResponses r = TEACHER.respond(task).orElseThrow();
      assertThat(r.compliant().split("\\s+")).as(r.compliant()).hasSizeLessThan(60);
      assertThat(r.imperfect().split("\\s+")).as(r.imperfect()).hasSizeLessThan(60);
    }
  }

  @Test
  void isDeterministic() {
    MiniTask a = SYNTH.task(11, 5);
    MiniTask b = new MiniTaskSynthesizer(WordBank.bundled()).task(11, 5);
    assertThat(a).isEqualTo(b);
    assertThat(TEACHER.respond(a)).isEqualTo(new MiniTeacher(BANK).respond(b));
    assertThat(SYNTH.task(12, 5).prompt()).isNotEqualTo(a.prompt());
  }

  private static List<CheckResult> verify(MiniTask task, String response) {
    return IfevalVerifier.strict().verify(task.instructions(), task.prompt(), response);
  }
}
