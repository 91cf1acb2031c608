package ai.spar.judge;

/** The outcome of judging one response. */
public enum Decision {
  /** The majority (or the rules) say the response follows the instruction. */
  PASS,
  /** The majority (or the rules) say it does not. */
  FAIL,
  /** As many Yes as No votes (0-0 included), or no judge could decide. */
  UNDECIDED,
  /** The judge could not run for this item (e.g. the model failed the request); see the message. */
  ERROR
}
