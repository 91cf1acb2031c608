package ai.spar.miniature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.llm.chat.ChatMessage;
import ai.spar.testing.ScriptedLanguageModel;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiniatureEvaluatorTest {
  private static final MiniTeacher TEACHER = new MiniTeacher(MiniatureFixtures.BANK);
  private static final MiniatureEvaluator.Settings SETTINGS =
      new MiniatureEvaluator.Settings(3, 0.7, 64, 64, 64, 5);

  /** Which of the tasks a chat is about (by the instruction in its first turn). */
  private static int taskOf(List<MiniTask> tasks, List<ChatMessage> messages) {
    for (int i = 0; i < tasks.size(); i++) {
      if (messages.get(0).content().contains(tasks.get(i).prompt())) {
        return i;
      }
    }
    throw new AssertionError("no task in " + messages);
  }

  @Test
  void scoresTheRolesAgainstTheCheckers() {
    List<MiniTask> tasks = MiniatureFixtures.tasks(3, 4);
    List<TeacherResponses> teacher =
        tasks.stream().map(t -> TEACHER.respond(t).orElseThrow()).toList();
    RefineScript refine = new RefineScript(tasks, teacher);
    ScriptedLanguageModel model =
        new ScriptedLanguageModel("oracle")
            // the actor: compliant answers to the first three tasks, the failing twin to the last
            .on(
                u -> tasks.stream().anyMatch(t -> t.prompt().equals(u)),
                (m, s, seed) -> {
                  int i = taskOf(tasks, m);
                  return i < 3 ? teacher.get(i).compliant() : teacher.get(i).imperfect();
                })
            // the judge: always Yes (right on the compliant half, wrong on the failing half)
            .on(
                u -> u.contains("Final Judgement"),
                (m, s, seed) -> "Looks fine.\nFinal Judgement: Yes")
            // the refiner: the compliant twin between markers for tasks 0 and 1, no marker for 2,
            // the failing response again for 3
            .on(u -> true, refine);
    MiniatureEvaluator evaluator =
        new MiniatureEvaluator(tasks, TEACHER, MiniatureFixtures.chat(), SETTINGS);

    StageMetrics m = evaluator.evaluate("sft", model, model, 0);

    int constraints = tasks.stream().mapToInt(t -> t.constraints().size()).sum();
    int failedByLast = (int) IfevalCounts.failed(tasks.get(3), teacher.get(3).imperfect());
    assertThat(m.stage()).isEqualTo("sft");
    assertThat(m.actorPromptStrict()).isEqualTo(0.75);
    assertThat(m.actorInstructionStrict())
        .isEqualTo((double) (constraints - failedByLast) / constraints);
    assertThat(m.judgeAccuracy()).isEqualTo(0.5);
    assertThat(m.judged()).isEqualTo(8);
    assertThat(m.refineWellFormed()).isEqualTo(0.75);
    assertThat(m.refineSuccess()).isEqualTo(0.5);
    assertThat(m.prompts()).isEqualTo(4);
    assertThat(m.instructions()).isEqualTo(constraints);
    // one batched call per role: answers, judgments (N votes each), refinements
    assertThat(model.callCount()).isEqualTo(3);
    assertThat(model.calls().get(1)).hasSize(8);
    assertThat(model.calls().get(1).get(0).sampling().n()).isEqualTo(3);
  }

  @Test
  void missedViolationsAreBrokenDownByTheViolatedConstraint() {
    List<MiniTask> tasks = MiniatureFixtures.tasks(3, 12);
    List<TeacherResponses> teacher =
        tasks.stream().map(t -> TEACHER.respond(t).orElseThrow()).toList();
    String caught = teacher.get(0).violatedId();
    ScriptedLanguageModel model =
        new ScriptedLanguageModel("blind")
            // the judge fails only the twins that break the first task's violated constraint
            .on(
                u -> u.contains("Final Judgement"),
                (m, s, seed) -> {
                  String prompt = m.get(0).content();
                  boolean spots =
                      teacher.stream()
                          .anyMatch(
                              t ->
                                  t.violatedId().equals(caught)
                                      && prompt.contains("Response:\n" + t.imperfect() + "\n\n"));
                  return "Checked.\nFinal Judgement: " + (spots ? "No" : "Yes");
                })
            .on(u -> true, (m, s, seed) -> "nothing");
    MiniatureEvaluator.RefinerScores scores =
        new MiniatureEvaluator(tasks, TEACHER, MiniatureFixtures.chat(), SETTINGS).refiner(model);

    assertThat(scores.passOnFailingByConstraint())
        .containsOnlyKeys(teacher.stream().map(TeacherResponses::violatedId).distinct().toList())
        .containsEntry(caught, 0.0)
        .hasSizeGreaterThan(1);
    scores.passOnFailingByConstraint().entrySet().stream()
        .filter(e -> !e.getKey().equals(caught))
        .forEach(e -> assertThat(e.getValue()).as(e.getKey()).isEqualTo(1.0));
    assertThat(scores.passOnCompliant()).isEqualTo(1.0);
  }

  @Test
  void aTieCountsAsWrong() {
    List<MiniTask> tasks = MiniatureFixtures.tasks(4, 2);
    ScriptedLanguageModel model =
        new ScriptedLanguageModel("undecided")
            .on(u -> u.contains("Final Judgement"), (m, s, seed) -> "I cannot tell.")
            .on(u -> true, (m, s, seed) -> "nothing");
    StageMetrics m =
        new MiniatureEvaluator(tasks, TEACHER, MiniatureFixtures.chat(), SETTINGS)
            .evaluate("iter1", model, model, 7);
    assertThat(m.judgeAccuracy()).isZero();
    assertThat(m.refineWellFormed()).isZero();
    assertThat(m.pairs()).isEqualTo(7);
  }

  @Test
  void settingsAndTasksAreChecked() {
    assertThatThrownBy(() -> new MiniatureEvaluator.Settings(0, 0.7, 1, 1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("judgeVotes must be >= 1, but was: 0");
    assertThatThrownBy(
            () -> new MiniatureEvaluator(List.of(), TEACHER, MiniatureFixtures.chat(), SETTINGS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tasks must hold at least one task");
  }

  private record RefineScript(List<MiniTask> tasks, List<TeacherResponses> teacher)
      implements ScriptedLanguageModel.Responder {
    @Override
    public String reply(List<ChatMessage> messages, int sample, long seed) {
      int i = taskOf(tasks, messages);
      return switch (i) {
        case 0, 1 -> "Fixing it.\n[[start]]\n" + teacher.get(i).compliant() + "\n[[end]]";
        case 2 -> "Fixing it: " + teacher.get(i).compliant();
        default -> "Fixing it.\n[[start]]\n" + teacher.get(i).imperfect() + "\n[[end]]";
      };
    }
  }

  /** Counts with the strict checkers. */
  private static final class IfevalCounts {
    static long failed(MiniTask task, String response) {
      return ai.spar.ifeval.IfevalVerifier.strict()
          .verify(task.instructions(), task.prompt(), response)
          .stream()
          .filter(r -> !r.passed())
          .count();
    }
  }
}
