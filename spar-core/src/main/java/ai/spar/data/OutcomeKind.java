package ai.spar.data;

/** What became of one input instruction; exactly one per instruction. */
public enum OutcomeKind {
  /** A refinement passed: an actor pair was produced. */
  PAIR_FOUND,
  /** Every actor sample passed: no tree. */
  ALL_PASSED,
  /** A tree was searched but no node passed: fallback only, no training data. */
  SEARCH_FAILED,
  /** No sample failed, but some were undecided (ties): no tree. */
  UNDECIDED,
  /** The input row is unusable (see the message). */
  INVALID_INPUT,
  /** A model or judge error stopped this instruction (see the message). */
  ERROR
}
