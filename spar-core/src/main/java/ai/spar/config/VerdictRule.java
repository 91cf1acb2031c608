package ai.spar.config;

/** How a judgment text is parsed into Yes, No or unparseable. */
public enum VerdictRule {
  /**
   * The reference rule: the text after the first "Final Judgement"; the earlier of the substrings
   * "Yes" and "No" wins.
   */
  REFERENCE,
  /**
   * Whole words only, on the last line that carries a "Final Judgement"; both or neither is
   * unparseable.
   */
  STRICT
}
