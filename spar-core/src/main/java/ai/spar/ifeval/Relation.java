package ai.spar.ifeval;

/**
 * The comparison of a count with a threshold in IFEval's kwargs ({@code relation}, {@code
 * let_relation}, ...).
 */
public enum Relation {
  /** The count must be strictly below the threshold. */
  LESS_THAN("less than"),
  /** The count must be at or above the threshold. */
  AT_LEAST("at least");

  private final String phrase;

  Relation(String phrase) {
    this.phrase = phrase;
  }

  /** The phrase used in IFEval data, e.g. {@code "at least"}. */
  public String phrase() {
    return phrase;
  }

  /** Whether {@code count} satisfies this relation to {@code threshold}. */
  public boolean holds(long count, long threshold) {
    return this == LESS_THAN ? count < threshold : count >= threshold;
  }

  /** Parses a data phrase; null when it is not one of the two. */
  static Relation fromPhrase(String phrase) {
    for (Relation r : values()) {
      if (r.phrase.equals(phrase)) {
        return r;
      }
    }
    return null;
  }
}
