package ai.spar.miniature;

import ai.spar.config.JudgeConfig;
import ai.spar.config.JudgeMode;
import ai.spar.config.VerdictRule;
import ai.spar.ifeval.CheckResult;
import ai.spar.ifeval.IfevalVerifier;
import ai.spar.judge.Decision;
import ai.spar.judge.JudgeItem;
import ai.spar.judge.Judgment;
import ai.spar.judge.MajorityVoteJudge;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.refine.Extraction;
import ai.spar.refine.RefinementChat;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the miniature's two roles on held-out tasks, with the strict IFEval checkers as ground
 * truth:
 *
 * <ul>
 *   <li>actor: one greedy answer per instruction (the raw prompt as the single user turn), scored
 *       at prompt level (every constraint passes) and instruction level (share of constraints);
 *   <li>judge: the refiner's N-vote majority on the teacher's compliant and one-violation responses
 *       of every instruction (balanced by construction), right when it matches the checkers;
 *   <li>refinement: one greedy reply of the refiner to the 3-turn refine chat for the teacher's
 *       failing response with the teacher's critique, a success when the extracted output passes
 *       every constraint.
 * </ul>
 *
 * Every stage of a model is one batched {@code generate} call. Deterministic for a model and seed.
 */
public final class MiniatureEvaluator {
  private static final Logger LOG = LoggerFactory.getLogger(MiniatureEvaluator.class);

  /**
   * How the evaluator samples.
   *
   * @param judgeVotes N, sampled judgments per response, >= 1
   * @param judgeTemperature the judgments' sampling temperature (top_p 1), >= 0
   * @param answerTokens the longest greedy answer, >= 1
   * @param judgeTokens the longest judgment, >= 1
   * @param refineTokens the longest refinement reply, >= 1
   * @param seed the seed of the judgments' sampling
   */
  public record Settings(
      int judgeVotes,
      double judgeTemperature,
      int answerTokens,
      int judgeTokens,
      int refineTokens,
      long seed) {
    public Settings {
      Preconditions.checkArgument(
          judgeVotes >= 1, "judgeVotes must be >= 1, but was: %s", judgeVotes);
      Preconditions.checkArgument(
          judgeTemperature >= 0, "judgeTemperature must be >= 0, but was: %s", judgeTemperature);
      Preconditions.checkArgument(
          answerTokens >= 1, "answerTokens must be >= 1, but was: %s", answerTokens);
      Preconditions.checkArgument(
          judgeTokens >= 1, "judgeTokens must be >= 1, but was: %s", judgeTokens);
      Preconditions.checkArgument(
          refineTokens >= 1, "refineTokens must be >= 1, but was: %s", refineTokens);
    }

    /** The judge configuration these settings stand for (reference verdict rule). */
    JudgeConfig judgeConfig() {
      return new JudgeConfig(
          JudgeMode.LLM, judgeVotes, judgeTemperature, 1.0, judgeTokens, VerdictRule.REFERENCE, 1);
    }
  }

  private final List<MiniTask> tasks;
  private final List<TeacherResponses> responses;
  private final List<String> critiques;
  private final RefinementChat chat;
  private final Settings settings;

  /**
   * @param tasks the held-out tasks (the teacher must be able to answer each)
   * @param teacher writes the responses to judge and refine
   * @param chat the engine's judge and refine prompts
   * @param settings sampling
   */
  public MiniatureEvaluator(
      List<MiniTask> tasks, MiniTeacher teacher, RefinementChat chat, Settings settings) {
    Preconditions.checkArgument(
        tasks != null && !tasks.isEmpty(), "tasks must hold at least one task");
    Preconditions.checkArgument(teacher != null, "teacher must not be null");
    Preconditions.checkArgument(chat != null, "chat must not be null");
    Preconditions.checkArgument(settings != null, "settings must not be null");
    this.tasks = List.copyOf(tasks);
    this.chat = chat;
    this.settings = settings;
    JudgmentWriter judgmentWriter = new JudgmentWriter();
    List<TeacherResponses> r = new ArrayList<>();
    List<String> c = new ArrayList<>();
    for (MiniTask task : this.tasks) {
      TeacherResponses pair =
          teacher
              .respond(task)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "the teacher cannot answer task " + task.id() + ": " + task.prompt()));
      r.add(pair);
      c.add(judgmentWriter.judge(task, pair.imperfect()).text());
    }
    this.responses = List.copyOf(r);
    this.critiques = List.copyOf(c);
  }

  /**
   * The actor's scores.
   *
   * @param promptStrict share of instructions whose greedy answer passes every constraint
   * @param instructionStrict share of the constraints the answers pass
   * @param prompts instructions
   * @param instructions constraints over all instructions
   * @param seconds wall-clock seconds
   * @param promptPassed per instruction, in task order, whether its answer passed every constraint
   *     (for paired comparisons between stages)
   */
  public record ActorScores(
      double promptStrict,
      double instructionStrict,
      int prompts,
      int instructions,
      double seconds,
      List<Boolean> promptPassed) {
    public ActorScores {
      promptPassed = List.copyOf(promptPassed);
    }
  }

  /**
   * The refiner's scores.
   *
   * @param judgeAccuracy share of judged responses whose majority agrees with the checkers
   * @param refineSuccess share of refinements that extract and pass every constraint
   * @param refineWellFormed share of refinements with the start marker
   * @param judged responses judged
   * @param seconds wall-clock seconds
   * @param passOnCompliant share of the compliant responses the judge passed
   * @param passOnFailing share of the failing responses the judge passed
   * @param undecided share of judged responses without a majority (ties, unparseable votes)
   * @param passOnFailingByConstraint per IFEval id, the share of the failing responses that violate
   *     it (and only it) which the judge passed: where its judgment is blind
   */
  public record RefinerScores(
      double judgeAccuracy,
      double refineSuccess,
      double refineWellFormed,
      int judged,
      double seconds,
      double passOnCompliant,
      double passOnFailing,
      double undecided,
      Map<String, Double> passOnFailingByConstraint) {
    public RefinerScores {
      passOnFailingByConstraint = Map.copyOf(passOnFailingByConstraint);
    }
  }

  /**
   * Measures a stage.
   *
   * @param stage the stage's name
   * @param actor the model that answers
   * @param refiner the model that judges and refines (may be the actor)
   * @param pairs the pairs the stage trained on, recorded as given
   */
  public StageMetrics evaluate(
      String stage, LanguageModel actor, LanguageModel refiner, long pairs) {
    return combine(stage, actor(actor), refiner(refiner), pairs);
  }

  /** A stage's metrics from the two roles' scores. */
  public static StageMetrics combine(
      String stage, ActorScores actor, RefinerScores refiner, long pairs) {
    StageMetrics metrics =
        new StageMetrics(
            stage,
            actor.promptStrict(),
            actor.instructionStrict(),
            refiner.judgeAccuracy(),
            refiner.refineSuccess(),
            refiner.refineWellFormed(),
            pairs,
            actor.prompts(),
            actor.instructions(),
            refiner.judged(),
            actor.seconds() + refiner.seconds());
    LOG.info("{}", metrics);
    return metrics;
  }

  /** Greedy answers to every task, scored by the strict checkers. One batched call. */
  public ActorScores actor(LanguageModel actor) {
    long started = System.nanoTime();
    IfevalVerifier verifier = IfevalVerifier.strict();
    List<GenerationRequest> answerRequests = new ArrayList<>();
    for (MiniTask task : tasks) {
      answerRequests.add(
          new GenerationRequest(
              Prompt.user(task.prompt()), SamplingParams.greedy(settings.answerTokens())));
    }
    List<GenerationResult> answers = actor.generate(answerRequests);
    int promptsPassed = 0;
    List<Boolean> passedByPrompt = new ArrayList<>(tasks.size());
    int constraints = 0;
    int constraintsPassed = 0;
    for (int i = 0; i < tasks.size(); i++) {
      String text = firstText(answers.get(i));
      List<CheckResult> results =
          verifier.verify(tasks.get(i).instructions(), tasks.get(i).prompt(), text);
      long passed = results.stream().filter(CheckResult::passed).count();
      constraints += results.size();
      constraintsPassed += (int) passed;
      promptsPassed += passed == results.size() ? 1 : 0;
      passedByPrompt.add(passed == results.size());
    }
    return new ActorScores(
        ratio(promptsPassed, tasks.size()),
        ratio(constraintsPassed, constraints),
        tasks.size(),
        constraints,
        (System.nanoTime() - started) / 1e9,
        passedByPrompt);
  }

  /** N-vote judgments of the teacher's responses and greedy refinements. Two batched calls. */
  public RefinerScores refiner(LanguageModel refiner) {
    long started = System.nanoTime();
    IfevalVerifier verifier = IfevalVerifier.strict();
    List<JudgeItem> items = new ArrayList<>();
    List<Boolean> truth = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      MiniTask task = tasks.get(i);
      for (String response : List.of(responses.get(i).compliant(), responses.get(i).imperfect())) {
        items.add(
            new JudgeItem(
                task.prompt(), response, task.instructions(), settings.seed() * 1_000_003L + i));
        truth.add(
            verifier.verify(task.instructions(), task.prompt(), response).stream()
                .allMatch(CheckResult::passed));
      }
    }
    List<Judgment> judgments =
        new MajorityVoteJudge(refiner, chat.judgePrompt(), settings.judgeConfig()).judge(items);
    int judgedRight = 0;
    int compliant = 0;
    int passedCompliant = 0;
    int passedFailing = 0;
    int undecided = 0;
    Map<String, int[]> byViolated = new TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      Decision d = judgments.get(i).decision();
      if (i % 2 == 1) { // the imperfect twin of task i / 2
        int[] counts =
            byViolated.computeIfAbsent(responses.get(i / 2).violatedId(), k -> new int[2]);
        counts[0] += d == Decision.PASS ? 1 : 0;
        counts[1]++;
      }
      boolean right = (d == Decision.PASS && truth.get(i)) || (d == Decision.FAIL && !truth.get(i));
      judgedRight += right ? 1 : 0;
      compliant += truth.get(i) ? 1 : 0;
      passedCompliant += d == Decision.PASS && truth.get(i) ? 1 : 0;
      passedFailing += d == Decision.PASS && !truth.get(i) ? 1 : 0;
      undecided += d == Decision.PASS || d == Decision.FAIL ? 0 : 1;
    }

    List<GenerationRequest> refineRequests = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      refineRequests.add(
          new GenerationRequest(
              Prompt.chat(
                  chat.messages(
                      tasks.get(i).prompt(), responses.get(i).imperfect(), critiques.get(i))),
              SamplingParams.greedy(settings.refineTokens())));
    }
    List<GenerationResult> refinements = refiner.generate(refineRequests);
    int wellFormed = 0;
    int refined = 0;
    for (int i = 0; i < tasks.size(); i++) {
      if (Extraction.fromReply(firstText(refinements.get(i)))
          instanceof Extraction.Refined output) {
        wellFormed++;
        MiniTask task = tasks.get(i);
        boolean passes =
            verifier.verify(task.instructions(), task.prompt(), output.output()).stream()
                .allMatch(CheckResult::passed);
        refined += passes ? 1 : 0;
      }
    }
    return new RefinerScores(
        ratio(judgedRight, items.size()),
        ratio(refined, tasks.size()),
        ratio(wellFormed, tasks.size()),
        items.size(),
        (System.nanoTime() - started) / 1e9,
        ratio(passedCompliant, compliant),
        ratio(passedFailing, items.size() - compliant),
        ratio(undecided, items.size()),
        byViolated.entrySet().stream()
            .collect(
                Collectors.toMap(Map.Entry::getKey, e -> ratio(e.getValue()[0], e.getValue()[1]))));
  }

  private static String firstText(GenerationResult result) {
    return result.isOk() && !result.texts().isEmpty() ? result.texts().get(0) : "";
  }

  private static double ratio(int part, int whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
