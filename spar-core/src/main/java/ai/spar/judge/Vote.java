package ai.spar.judge;

import com.google.common.base.Preconditions;

/**
 * One sampled judgment and its parsed verdict.
 *
 * @param text the judgment text as generated
 * @param verdict Yes, No or unparseable
 */
public record Vote(String text, Verdict verdict) {
  public Vote {
    Preconditions.checkArgument(text != null, "text must not be null");
    Preconditions.checkArgument(verdict != null, "verdict must not be null");
  }
}
