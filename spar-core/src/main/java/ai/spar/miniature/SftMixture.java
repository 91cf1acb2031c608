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
 * imperfect twin, so the actor keeps some failures to learn from), judgment pairs (the compliant
 * response judged Yes, then an imperfect twin judged No: one pair per twin, up to {@code
 * judgmentPairs}, each twin violating a different constraint, so both verdicts stay exactly
 * balanced while every constraint is seen failing), and the refinement of the first imperfect
 * response in the method's 3-turn refine chat.
 *
 * <p>Deterministic in (tasks, seed). Thread-safe.
 */
public final class SftMixture {
  /** The default share of answers that are the imperfect twin. */
  public static final double DEFAULT_IMPERFECT_ANSWER_RATE = 0.1;

  /**
   * The default cap on judgment pairs per task: 1. Two (every constraint of a synthesized task seen
   * failing) doubles the "Not met." lines, but at equal training compute the miniature judged
   * better with more distinct instructions instead (judge accuracy 0.807 vs 0.781 on 192 held-out
   * responses: 4000 instructions with one pair vs 3000 with two, 2 epochs each; see
   * conf/miniature/results/scaling/).
   */
  public static final int DEFAULT_JUDGMENT_PAIRS = 1;

  private final MiniTeacher teacher;
  private final JudgmentWriter judge = new JudgmentWriter();
  private final RefinementWriter refiner = new RefinementWriter();
  private final RefinementChat chat;
  private final double imperfectAnswerRate;
  private final int judgmentPairs;

  /**
   * @param teacher writes the responses
   * @param chat the engine's judge and refine prompts
   * @param imperfectAnswerRate in [0, 1]
   * @param judgmentPairs the most (Yes, No) judgment pairs per task, >= 1
   */
  public SftMixture(
      MiniTeacher teacher, RefinementChat chat, double imperfectAnswerRate, int judgmentPairs) {
    Preconditions.checkArgument(teacher != null, "teacher must not be null");
    Preconditions.checkArgument(chat != null, "chat must not be null");
    Preconditions.checkArgument(
        imperfectAnswerRate >= 0 && imperfectAnswerRate <= 1,
        "imperfectAnswerRate must be in [0, 1], but was: %s",
        imperfectAnswerRate);
    Preconditions.checkArgument(
        judgmentPairs >= 1, "judgmentPairs must be >= 1, but was: %s", judgmentPairs);
    this.judgmentPairs = judgmentPairs;
    this.teacher = teacher;
    this.chat = chat;
    this.imperfectAnswerRate = imperfectAnswerRate;
  }

  /**
   * Per task, in task order: the answer, the judgment pairs (Yes, No, Yes, No, ...), the
   * refinement.
   *
   * @throws IllegalArgumentException if the teacher cannot answer a task (synthesized tasks always
   *     can)
   */
  public List<SftRow> rows(List<MiniTask> tasks, long seed) {
    List<SftRow> rows = new ArrayList<>((2 + 2 * judgmentPairs) * tasks.size());
    for (MiniTask task : tasks) {
      List<TeacherResponses> all = teacher.respondAll(task);
      if (all.isEmpty()) {
        throw new IllegalArgumentException(
            "the teacher cannot answer task " + task.id() + ": " + task.prompt());
      }
      TeacherResponses r = all.get(0);
      Random rnd = new Random(seed ^ MiniTeacher.seedOf(task.id()));
      boolean imperfectAnswer = rnd.nextDouble() < imperfectAnswerRate;
      rows.add(
          new SftRow(
              task.id(),
              SftRow.Kind.ANSWER,
              List.of(ChatMessage.user(task.prompt())),
              imperfectAnswer ? r.imperfect() : r.compliant()));
      for (TeacherResponses twin : all.subList(0, Math.min(judgmentPairs, all.size()))) {
        rows.add(judgment(task, twin.compliant(), SftRow.Kind.JUDGMENT_YES));
        rows.add(judgment(task, twin.imperfect(), SftRow.Kind.JUDGMENT_NO));
      }
      TeacherJudgment critique = judge.judge(task, r.imperfect());
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
