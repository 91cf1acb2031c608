package ai.spar.ifeval;

import com.google.common.base.Preconditions;

/**
 * The verdict of one verifiable instruction on one response.
 *
 * @param instructionId the reference IFEval id, e.g. {@code punctuation:no_comma}
 * @param passed whether the response follows the instruction
 * @param reason a short human-readable explanation, e.g. "found 3 bullet points, expected exactly
 *     4"; written so that a critique can quote it
 */
public record CheckResult(String instructionId, boolean passed, String reason) {
  public CheckResult {
    Preconditions.checkArgument(instructionId != null, "instructionId must not be null");
    Preconditions.checkArgument(reason != null, "reason must not be null");
  }
}
