package ai.spar.refine;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * What came of one {@link RefineRequest}.
 *
 * @param refinements the successful refinements, at most {@code count}, in the order they were
 *     obtained
 * @param formatFailures replies that failed the output format, over all attempts
 * @param skipped refinements still missing after the last attempt (the branch is skipped)
 * @param errors model errors for this request, over all attempts
 */
public record RefineOutcome(
    List<Refinement> refinements, int formatFailures, int skipped, List<String> errors) {
  public RefineOutcome {
    refinements = List.copyOf(refinements);
    errors = List.copyOf(errors);
    Preconditions.checkArgument(formatFailures >= 0, "formatFailures must be >= 0");
    Preconditions.checkArgument(skipped >= 0, "skipped must be >= 0");
  }
}
