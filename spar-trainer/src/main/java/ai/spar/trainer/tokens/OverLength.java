package ai.spar.trainer.tokens;

/** What happens to an example longer than the cutoff. Every case is counted and reported. */
public enum OverLength {
  /**
   * Keep the first {@code maxLength} tokens (the end of the response is cut); drop it if no target
   * remains.
   */
  TRUNCATE,
  /** Leave the example out. */
  DROP,
  /** Stop with an error naming the file, row and column. */
  ERROR
}
