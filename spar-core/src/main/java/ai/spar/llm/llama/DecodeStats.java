package ai.spar.llm.llama;

/**
 * Work and time of decode batches, accumulated.
 *
 * @param prefillTokens prompt tokens run through prefill (padding included)
 * @param prefillNanos wall time of prefill passes
 * @param decodeTokens tokens sampled (one per active row per round)
 * @param decodeSteps decode forward passes
 * @param decodeNanos wall time of decode steps (forward, sampling and bookkeeping)
 * @param stepRows rows run through decode steps, summed over the steps
 * @param capacityRows rows the batch could have held, summed over the same steps (a static batch
 *     holds the rows it started with; a continuous batch its target rows)
 */
public record DecodeStats(
    long prefillTokens,
    long prefillNanos,
    long decodeTokens,
    long decodeSteps,
    long decodeNanos,
    long stepRows,
    long capacityRows) {
  public static final DecodeStats ZERO = new DecodeStats(0, 0, 0, 0, 0, 0, 0);

  static DecodeStats prefill(long tokens, long nanos) {
    return new DecodeStats(tokens, nanos, 0, 0, 0, 0, 0);
  }

  /** Sampling {@code tokens}, after a step over {@code rows} of {@code capacity} (or no step). */
  static DecodeStats decode(long tokens, boolean step, long rows, long capacity, long nanos) {
    return step
        ? new DecodeStats(0, 0, tokens, 1, nanos, rows, capacity)
        : new DecodeStats(0, 0, tokens, 0, nanos, 0, 0);
  }

  DecodeStats plus(DecodeStats o) {
    return new DecodeStats(
        prefillTokens + o.prefillTokens,
        prefillNanos + o.prefillNanos,
        decodeTokens + o.decodeTokens,
        decodeSteps + o.decodeSteps,
        decodeNanos + o.decodeNanos,
        stepRows + o.stepRows,
        capacityRows + o.capacityRows);
  }

  /** Statistics accumulated since {@code earlier} (a snapshot of the same counters). */
  public DecodeStats minus(DecodeStats earlier) {
    return new DecodeStats(
        prefillTokens - earlier.prefillTokens,
        prefillNanos - earlier.prefillNanos,
        decodeTokens - earlier.decodeTokens,
        decodeSteps - earlier.decodeSteps,
        decodeNanos - earlier.decodeNanos,
        stepRows - earlier.stepRows,
        capacityRows - earlier.capacityRows);
  }

  /** Prefill tokens per second. */
  public double prefillTokensPerSecond() {
    return prefillNanos == 0 ? 0 : prefillTokens * 1e9 / prefillNanos;
  }

  /** Generated tokens per second of decode time. */
  public double decodeTokensPerSecond() {
    return decodeNanos == 0 ? 0 : decodeTokens * 1e9 / decodeNanos;
  }

  /** Mean milliseconds per decode step. */
  public double millisPerStep() {
    return decodeSteps == 0 ? 0 : decodeNanos / 1e6 / decodeSteps;
  }

  /** Mean batch occupancy of the decode steps: active rows over batch capacity, in [0, 1]. */
  public double occupancy() {
    return capacityRows == 0 ? 0 : (double) stepRows / capacityRows;
  }
}
