package ai.spar.miniature;

import static ai.spar.miniature.Phrases.fmt;

import ai.spar.miniature.synth.Constraint;
import ai.spar.refine.Extraction;
import com.google.common.base.Preconditions;

/**
 * Writes the teacher's refinement replies in the method's format: a one-sentence reflection that
 * names the violated requirement and what the response shows, then the minimally edited response
 * between {@code [[start]]} and {@code [[end]]}.
 *
 * <p>Pure and thread-safe.
 */
public final class RefinementWriter {

  /**
   * The reply that refines {@code imperfect} into {@code refined}.
   *
   * @param task the task both responses answer
   * @param imperfect the response being refined
   * @param violatedId the IFEval id of the constraint {@code imperfect} fails
   * @param refined the edited response (the teacher's compliant twin)
   */
  public String reply(MiniTask task, String imperfect, String violatedId, String refined) {
    Preconditions.checkArgument(task != null, "task must not be null");
    Preconditions.checkArgument(refined != null && !refined.isBlank(), "refined must not be blank");
    Constraint violated = task.constraint(violatedId);
    String reflection =
        fmt(
            "The requirement \"%s\" is not met because %s, so I will fix only that.",
            JudgmentWriter.requirement(violated.phrase()),
            JudgmentWriter.evidence(violated, imperfect, false));
    return reflection + "\n" + Extraction.START + "\n" + refined.strip() + "\n" + Extraction.END;
  }
}
