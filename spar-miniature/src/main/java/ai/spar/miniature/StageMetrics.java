package ai.spar.miniature;

import com.google.common.base.Preconditions;

/**
 * The miniature's measurements of one stage (the SFT base model, or the models after a SPaR
 * iteration) on the held-out evaluation set. Rates are in [0, 1]; the counts they are computed from
 * are kept beside them.
 *
 * @param stage the stage's name ({@code sft}, {@code iter1}, ...)
 * @param actorPromptStrict share of instructions whose greedy answer passes every constraint
 *     (strict IFEval checkers)
 * @param actorInstructionStrict share of all constraints that the greedy answers pass
 * @param judgeAccuracy share of teacher responses (one compliant, one breaking a constraint, per
 *     instruction) whose majority verdict agrees with the checkers; a tie or an unparseable
 *     majority counts as wrong
 * @param refineSuccess share of failing teacher responses whose greedy refinement has the {@code
 *     [[start]]} marker and passes every constraint
 * @param refineWellFormed share of those refinements that have the marker at all
 * @param pairs the preference pairs the stage's iteration trained on (0 for {@code sft})
 * @param prompts evaluation instructions
 * @param instructions constraints over all evaluation instructions
 * @param judged teacher responses judged
 * @param seconds wall-clock seconds of the measurement
 */
public record StageMetrics(
    String stage,
    double actorPromptStrict,
    double actorInstructionStrict,
    double judgeAccuracy,
    double refineSuccess,
    double refineWellFormed,
    long pairs,
    int prompts,
    int instructions,
    int judged,
    double seconds) {
  public StageMetrics {
    Preconditions.checkArgument(
        stage != null && !stage.isBlank(), "stage must not be blank, but was: %s", stage);
    rate("actorPromptStrict", actorPromptStrict);
    rate("actorInstructionStrict", actorInstructionStrict);
    rate("judgeAccuracy", judgeAccuracy);
    rate("refineSuccess", refineSuccess);
    rate("refineWellFormed", refineWellFormed);
    Preconditions.checkArgument(pairs >= 0, "pairs must be >= 0, but was: %s", pairs);
    Preconditions.checkArgument(prompts >= 0, "prompts must be >= 0, but was: %s", prompts);
  }

  private static void rate(String name, double value) {
    Preconditions.checkArgument(
        value >= 0 && value <= 1, "%s must be in [0, 1], but was: %s", name, value);
  }

  /** This measurement under another stage name with the iteration's pair count. */
  public StageMetrics withStage(String newStage, long newPairs) {
    return new StageMetrics(
        newStage,
        actorPromptStrict,
        actorInstructionStrict,
        judgeAccuracy,
        refineSuccess,
        refineWellFormed,
        newPairs,
        prompts,
        instructions,
        judged,
        seconds);
  }
}
