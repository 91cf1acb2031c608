package ai.spar.refine;

import com.google.common.base.Preconditions;

/**
 * One successful refinement.
 *
 * @param reply the full reply (reflection and markers), the target of refinement training examples
 * @param output the refined response extracted from the reply
 * @param attempt the attempt that produced it, 0-based
 */
public record Refinement(String reply, String output, int attempt) {
  public Refinement {
    Preconditions.checkArgument(reply != null, "reply must not be null");
    Preconditions.checkArgument(output != null, "output must not be null");
    Preconditions.checkArgument(attempt >= 0, "attempt must be >= 0, but was: %s", attempt);
  }
}
