package ai.spar.miniature;

import ai.spar.llm.chat.ChatMessage;
import ai.spar.refine.RefinementChat;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Builds the miniature's SFT mixture from tasks, like the paper's SFT initialisation of actor and
 * refiner: per task an answer (compliant, or with probability {@code imperfectAnswerRate} the
 * imperfect twin, so the actor keeps some failures to learn from), a judgment of the compliant
 * response (Yes) and of the imperfect one (No), so both verdicts are exactly balanced, and the
 * refinement of the imperfect response in the method's 3-turn refine chat.
 *
 * <p>Deterministic in (tasks, seed). Thread-safe.
 */
public final class SftMixture {
  /** The default share of answers that are the imperfect twin. */
  public static final double DEFAULT_IMPERFECT_ANSWER_RATE = 0.1;

  private final MiniTeacher teacher;
  private final JudgmentWriter judge = new JudgmentWriter();
  private final RefinementWriter refiner = new RefinementWriter();
  private final RefinementChat chat;
  private final double imperfectAnswerRate;

  /**
   * @param teacher writes the responses
   * @param chat the engine's judge and refine prompts
   * @param imperfectAnswerRate in [0, 1]
   */
  public SftMixture(MiniTeacher teacher, RefinementChat chat, double imperfectAnswerRate) {
    Preconditions.checkArgument(teacher != null, "teacher must not be null");
    Preconditions.checkArgument(chat != null, "chat must not be null");
    Preconditions.checkArgument(
        imperfectAnswerRate >= 0 && imperfectAnswerRate <= 1,
        "imperfectAnswerRate must be in [0, 1], but was: %s",
        imperfectAnswerRate);
    this.teacher = teacher;
    this.chat = chat;
    this.imperfectAnswerRate = imperfectAnswerRate;
  }

  /**
   * Four rows per task, in task order: answer, judgment (Yes), judgment (No), refinement.
   *
   * @throws IllegalArgumentException if the teacher cannot answer a task (synthesized tasks always
   *     can)
   */
  public List<SftRow> rows(List<MiniTask> tasks, long seed) {
    List<SftRow> rows = new ArrayList<>(4 * tasks.size());
    for (MiniTask task : tasks) {
      TeacherResponses r =
          teacher
              .respond(task)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "the teacher cannot answer task " + task.id() + ": " + task.prompt()));
      Random rnd = new Random(seed ^ MiniTeacher.seedOf(task.id()));
      boolean imperfectAnswer = rnd.nextDouble() < imperfectAnswerRate;
      rows.add(
          new SftRow(
              task.id(),
              SftRow.Kind.ANSWER,
              List.of(ChatMessage.user(task.prompt())),
              imperfectAnswer ? r.imperfect() : r.compliant()));
      rows.add(judgment(task, r.compliant(), SftRow.Kind.JUDGMENT_YES));
      TeacherJudgment critique = judge.judge(task, r.imperfect());
      rows.add(judgment(task, r.imperfect(), SftRow.Kind.JUDGMENT_NO));
      rows.add(
          new SftRow(
              task.id(),
              SftRow.Kind.REFINEMENT,
              chat.messages(task.prompt(), r.imperfect(), critique.text()),
              refiner.reply(task, r.imperfect(), r.violatedId(), r.compliant())));
    }
    return rows;
  }

  private SftRow judgment(MiniTask task, String response, SftRow.Kind kind) {
    return new SftRow(
        task.id(),
        kind,
        List.of(ChatMessage.user(chat.judgmentPrompt(task.prompt(), response))),
        judge.judge(task, response).text());
  }
}
