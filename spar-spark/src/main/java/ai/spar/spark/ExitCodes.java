package ai.spar.spark;

import ai.spar.lease.LeaseHeldException;

/**
 * The exit codes of the {@code spar} commands, for schedulers (documented in the README's
 * "Operating it").
 */
public final class ExitCodes {
  /** Done. */
  public static final int OK = 0;

  /** Failed (the message says why). */
  public static final int FAILURE = 1;

  /** Bad usage: an unknown option or a missing argument. */
  public static final int USAGE = 2;

  /** {@code spar iterate}: the promotion gate rejected an actor. */
  public static final int GATE_REJECTED = 3;

  /** {@code spar generate}: the iteration was published, but no input row was valid. */
  public static final int NO_VALID_INPUT = 4;

  /** The output directory is held by another live run (pass {@code --wait} to wait for it). */
  public static final int OUTPUT_IN_USE = 5;

  private ExitCodes() {}

  /** The exit code of a command that failed with {@code failure}. */
  public static int forFailure(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof LeaseHeldException) {
        return OUTPUT_IN_USE;
      }
    }
    return FAILURE;
  }
}
