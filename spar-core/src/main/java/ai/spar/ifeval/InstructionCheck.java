package ai.spar.ifeval;

/**
 * One verifiable instruction with its arguments bound, ready to check responses: the reference's
 * {@code Instruction} after {@code build_description(**kwargs)}. Implementations are immutable
 * records, pure and thread-safe.
 */
public interface InstructionCheck {

  /** The reference instruction id, e.g. {@code detectable_format:title}. */
  String id();

  /**
   * Checks one response exactly as the reference's {@code check_following} does (strict mode; the
   * loose mode and the empty-response rule live in {@link IfevalVerifier}).
   *
   * @param response the response text, never null
   * @return the verdict with a short reason such as "found 3 bullet points, expected exactly 4"
   */
  CheckResult check(String response);

  /** A passing result for this instruction. */
  default CheckResult pass(String reason) {
    return new CheckResult(id(), true, reason);
  }

  /** A failing result for this instruction. */
  default CheckResult fail(String reason) {
    return new CheckResult(id(), false, reason);
  }

  /** A result that passes when {@code passed}. */
  default CheckResult verdict(boolean passed, String reason) {
    return new CheckResult(id(), passed, reason);
  }
}
