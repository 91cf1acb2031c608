package ai.spar.judge;

import ai.spar.ifeval.CheckResult;
import ai.spar.ifeval.InstructionVerifier;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Judges by the IFEval checkers: V is 1 when every verifiable constraint holds and 0 otherwise. The
 * critique is written from the checkers' reasons in the refiner's own format (a step-by-step
 * verification ending in {@code Final Judgement: Yes|No}), so it can drive refinement and serve as
 * judgment training data. No model call.
 *
 * <p>An item without constraints is {@link Decision#UNDECIDED}; a checker that rejects its
 * arguments gives {@link Decision#ERROR} with the checker's message. Thread-safe if the verifier
 * is.
 */
public final class RuleJudge implements Judge {
  private final InstructionVerifier verifier;

  public RuleJudge(InstructionVerifier verifier) {
    Preconditions.checkArgument(verifier != null, "verifier must not be null");
    this.verifier = verifier;
  }

  @Override
  public List<Judgment> judge(List<JudgeItem> items) {
    List<Judgment> judgments = new ArrayList<>(items.size());
    for (JudgeItem item : items) {
      judgments.add(judgeOne(item));
    }
    return judgments;
  }

  private Judgment judgeOne(JudgeItem item) {
    if (item.constraints().isEmpty()) {
      return new Judgment(Decision.UNDECIDED, 0.5, 0, 0, 0, "", List.of(), Judgment.RULES, null);
    }
    List<CheckResult> checks;
    try {
      checks = verifier.verify(item.constraints(), item.instruction(), item.response());
    } catch (IllegalArgumentException e) {
      return Judgment.error("rule check failed: " + e.getMessage(), Judgment.RULES);
    }
    String critique = critique(checks);
    boolean passed = checks.stream().allMatch(CheckResult::passed);
    Vote vote = new Vote(critique, passed ? Verdict.YES : Verdict.NO);
    return new Judgment(
        passed ? Decision.PASS : Decision.FAIL,
        passed ? 1.0 : 0.0,
        passed ? 1 : 0,
        passed ? 0 : 1,
        0,
        critique,
        List.of(vote),
        Judgment.RULES,
        null);
  }

  /**
   * The verification text: one numbered step per constraint with the checker's reason, then the
   * verdict line.
   */
  static String critique(List<CheckResult> checks) {
    StringBuilder text =
        new StringBuilder("Let me check each requirement of the instruction in turn.\n");
    int failed = 0;
    for (int i = 0; i < checks.size(); i++) {
      CheckResult check = checks.get(i);
      if (!check.passed()) {
        failed++;
      }
      text.append(
          String.format(
              Locale.ROOT,
              "%d. %s: %s. %s\n",
              i + 1,
              check.instructionId(),
              check.passed() ? "met" : "not met",
              check.reason()));
    }
    if (failed == 0) {
      text.append("Every requirement is met.\n");
    } else {
      text.append(
          String.format(
              Locale.ROOT,
              "%d of %d requirements %s not met.\n",
              failed,
              checks.size(),
              failed == 1 ? "is" : "are"));
    }
    text.append("Final Judgement: ").append(failed == 0 ? "Yes" : "No");
    return text.toString();
  }

  @Override
  public String kind() {
    return "rules";
  }
}
