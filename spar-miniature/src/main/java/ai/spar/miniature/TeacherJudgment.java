package ai.spar.miniature;

import com.google.common.base.Preconditions;

/**
 * A teacher judgment: the step-by-step check the refiner should write, and the verdict it ends
 * with.
 *
 * @param text the judgment, ending with the line {@code Final Judgement: Yes} or {@code No}
 * @param follows the verdict: whether every constraint passes the strict IFEval checkers
 */
public record TeacherJudgment(String text, boolean follows) {
  public TeacherJudgment {
    Preconditions.checkArgument(text != null && !text.isBlank(), "text must not be blank");
  }
}
