package ai.spar.trainer;

/**
 * How a training run treats its output directory, which it owns through a lease ({@code
 * <output>/_lease.json}) while it runs.
 *
 * @param overwrite replace a finished model ({@code final/}): when the output holds one, start
 *     over, deleting {@code final/}, every {@code checkpoint-<step>/} and {@code metrics.jsonl}
 *     (without a {@code final/}, an interrupted run still resumes); without it, an output holding
 *     {@code final/} is refused
 * @param waitForOutput when another live run holds the output, wait for it instead of failing
 */
public record OutputPolicy(boolean overwrite, boolean waitForOutput) {
  /** Refuse a finished output; fail at once when another run holds it. */
  public static final OutputPolicy DEFAULT = new OutputPolicy(false, false);
}
