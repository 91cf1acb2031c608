package ai.spar.trainer.tokens;

import com.google.common.base.Preconditions;

/**
 * The two sequences of a preference pair; both share the prompt tokens.
 *
 * @param pairIndex the pair's index in the data set read
 * @param chosen prompt + chosen response
 * @param rejected prompt + rejected response
 */
public record TokenizedPair(int pairIndex, TokenizedSequence chosen, TokenizedSequence rejected) {
  public TokenizedPair {
    Preconditions.checkArgument(pairIndex >= 0, "pairIndex must be >= 0, but was: %s", pairIndex);
    Preconditions.checkArgument(
        chosen != null && rejected != null, "chosen and rejected must not be null");
  }

  /** The longer of the two lengths (the padded width this pair needs). */
  public int length() {
    return Math.max(chosen.length(), rejected.length());
  }
}
