package ai.spar.refine;

import com.google.common.base.Preconditions;

/**
 * Asks for {@code count} refinements of one judged response.
 *
 * @param instruction the instruction
 * @param response the response to refine
 * @param critique its critique (the majority-consistent judgment)
 * @param count how many refinements, {@code >= 1}; they share one request ({@code n = count})
 * @param seed the sampling seed of the first attempt; retries derive theirs from it
 */
public record RefineRequest(
    String instruction, String response, String critique, int count, long seed) {
  public RefineRequest {
    Preconditions.checkArgument(instruction != null, "instruction must not be null");
    Preconditions.checkArgument(response != null, "response must not be null");
    Preconditions.checkArgument(critique != null, "critique must not be null");
    Preconditions.checkArgument(count >= 1, "count must be >= 1, but was: %s", count);
  }
}
