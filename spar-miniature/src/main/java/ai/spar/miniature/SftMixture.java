package ai.spar.miniature;

import ai.spar.llm.chat.ChatMessage;
import ai.spar.refine.RefinementChat;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * Builds the miniature's SFT mixture from tasks, like the paper's SFT initialisation of actor and
 * refiner: per task an answer (compliant, or with probability {@code imperfectAnswerRate} the
 * imperfect twin, so the actor keeps some failures to learn from), judgment pairs (the compliant
 * response judged Yes, then an imperfect twin judged No: one pair per twin, up to {@code
 * judgmentPairs}, each twin violating a different constraint, so both verdicts stay exactly
 * balanced while every constraint is seen failing), and the refinement of the first imperfect
 * response in the method's 3-turn refine chat.
 *
 * <p>Two options shape the starting point of a SPaR experiment (see {@link Recipe}): <em>weak
 * constraints</em>, whose answers are mostly the twin that breaks them (an actor that knows how to
 * judge and fix a requirement but does not follow it when answering, the gap SPaR closes), and
 * <em>content variants</em>, which write the judgment and refinement rows from other content than
 * the answer, so that the refiner learns to read and copy the response in front of it instead of
 * reciting the answer it memorised for the task (the refinement then is a minimal edit of the
 * response it was given, as the method requires).
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
   * conf/miniature/results/v1/scaling/).
   */
  public static final int DEFAULT_JUDGMENT_PAIRS = 1;

  /**
   * How the mixture is drawn.
   *
   * @param imperfectAnswerRate share of answers that are the first imperfect twin, in [0, 1]
   * @param judgmentPairs the most (Yes, No) judgment pairs per task, >= 1
   * @param weakConstraints IFEval ids whose answers break them with probability {@code
   *     weakViolationRate} (when the task has one); empty for none
   * @param weakViolationRate in [0, 1]
   * @param contentVariants whether judgment and refinement rows use content variants other than the
   *     answer's (variant 1 for judgments, 2 for the refinement)
   */
  public record Recipe(
      double imperfectAnswerRate,
      int judgmentPairs,
      Set<String> weakConstraints,
      double weakViolationRate,
      boolean contentVariants) {
    public Recipe {
      Preconditions.checkArgument(
          imperfectAnswerRate >= 0 && imperfectAnswerRate <= 1,
          "imperfectAnswerRate must be in [0, 1], but was: %s",
          imperfectAnswerRate);
      Preconditions.checkArgument(
          judgmentPairs >= 1, "judgmentPairs must be >= 1, but was: %s", judgmentPairs);
      Preconditions.checkArgument(
          weakViolationRate >= 0 && weakViolationRate <= 1,
          "weakViolationRate must be in [0, 1], but was: %s",
          weakViolationRate);
      weakConstraints = Set.copyOf(weakConstraints);
      for (String id : weakConstraints) {
        Preconditions.checkArgument(
            MiniConstraints.IDS.contains(id),
            "weak constraint '%s' is not one of the miniature's ids %s",
            id,
            MiniConstraints.IDS);
      }
    }

    /** The mixture of the first shipped model: no weak constraints, no content variants. */
    public static Recipe of(double imperfectAnswerRate, int judgmentPairs) {
      return new Recipe(imperfectAnswerRate, judgmentPairs, Set.of(), 0, false);
    }
  }

  private final MiniTeacher teacher;
  private final JudgmentWriter judge = new JudgmentWriter();
  private final RefinementWriter refiner = new RefinementWriter();
  private final RefinementChat chat;
  private final Recipe recipe;

  /**
   * @param teacher writes the responses
   * @param chat the engine's judge and refine prompts
   * @param imperfectAnswerRate in [0, 1]
   * @param judgmentPairs the most (Yes, No) judgment pairs per task, >= 1
   */
  public SftMixture(
      MiniTeacher teacher, RefinementChat chat, double imperfectAnswerRate, int judgmentPairs) {
    this(teacher, chat, Recipe.of(imperfectAnswerRate, judgmentPairs));
  }

  /**
   * @param teacher writes the responses
   * @param chat the engine's judge and refine prompts
   * @param recipe how the mixture is drawn
   */
  public SftMixture(MiniTeacher teacher, RefinementChat chat, Recipe recipe) {
    Preconditions.checkArgument(teacher != null, "teacher must not be null");
    Preconditions.checkArgument(chat != null, "chat must not be null");
    Preconditions.checkArgument(recipe != null, "recipe must not be null");
    this.teacher = teacher;
    this.chat = chat;
    this.recipe = recipe;
  }

  /**
   * Per task, in task order: the answer, the judgment pairs (Yes, No, Yes, No, ...), the
   * refinement.
   *
   * @throws IllegalArgumentException if the teacher cannot answer a task (synthesized tasks always
   *     can)
   */
  public List<SftRow> rows(List<MiniTask> tasks, long seed) {
    List<SftRow> rows = new ArrayList<>((2 + 2 * recipe.judgmentPairs()) * tasks.size());
    for (MiniTask task : tasks) {
      List<TeacherResponses> all = teacher.respondAll(task);
      if (all.isEmpty()) {
        throw new IllegalArgumentException(
            "the teacher cannot answer task " + task.id() + ": " + task.prompt());
      }
      Random rnd = new Random(seed ^ MiniTeacher.seedOf(task.id()));
      rows.add(
          new SftRow(
              task.id(),
              SftRow.Kind.ANSWER,
              List.of(ChatMessage.user(task.prompt())),
              answer(all, rnd)));
      List<TeacherResponses> judged = variant(task, all, 1);
      for (TeacherResponses twin :
          judged.subList(0, Math.min(recipe.judgmentPairs(), judged.size()))) {
        rows.add(judgment(task, twin.compliant(), SftRow.Kind.JUDGMENT_YES));
        rows.add(judgment(task, twin.imperfect(), SftRow.Kind.JUDGMENT_NO));
      }
      TeacherResponses r = variant(task, all, 2).get(0);
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

  /**
   * The answer: the twin breaking a weak constraint with probability {@code weakViolationRate},
   * else the first twin with probability {@code imperfectAnswerRate}, else the compliant response.
   */
  private String answer(List<TeacherResponses> all, Random rnd) {
    // the first draw is the one the first shipped mixture made; the second is drawn always
    double imperfectDraw = rnd.nextDouble();
    double weakDraw = rnd.nextDouble();
    Optional<TeacherResponses> weak =
        all.stream().filter(t -> recipe.weakConstraints().contains(t.violatedId())).findFirst();
    if (weak.isPresent() && weakDraw < recipe.weakViolationRate()) {
      return weak.get().imperfect();
    }
    return imperfectDraw < recipe.imperfectAnswerRate()
        ? all.get(0).imperfect()
        : all.get(0).compliant();
  }

  /** The twins of content variant {@code variant}, or the answer's when variants are off. */
  private List<TeacherResponses> variant(
      MiniTask task, List<TeacherResponses> answer, int variant) {
    if (!recipe.contentVariants()) {
      return answer;
    }
    List<TeacherResponses> other = teacher.respondAll(task, variant);
    return other.isEmpty() ? answer : other;
  }

  private SftRow judgment(MiniTask task, String response, SftRow.Kind kind) {
    return new SftRow(
        task.id(),
        kind,
        List.of(ChatMessage.user(chat.judgmentPrompt(task.prompt(), response))),
        judge.judge(task, response).text());
  }
}
