package ai.spar.selfplay;

/**
 * Character-level (Unicode code point) Levenshtein distance and the similarity derived from it.
 * Pure; O(n*m) time, O(min(n, m)) memory.
 */
public final class EditDistance {
  private EditDistance() {}

  /** The Levenshtein distance between {@code a} and {@code b} in code points. */
  public static int between(String a, String b) {
    int[] x = a.codePoints().toArray();
    int[] y = b.codePoints().toArray();
    if (x.length < y.length) {
      int[] t = x;
      x = y;
      y = t;
    }
    int[] previous = new int[y.length + 1];
    int[] current = new int[y.length + 1];
    for (int j = 0; j <= y.length; j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length; i++) {
      current[0] = i;
      for (int j = 1; j <= y.length; j++) {
        int substitute = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[y.length];
  }

  /** {@code 1 - distance / max(length)} in code points; 1 for two empty strings. */
  public static double similarity(String a, String b, int distance) {
    int longest = Math.max(a.codePointCount(0, a.length()), b.codePointCount(0, b.length()));
    return longest == 0 ? 1.0 : 1.0 - (double) distance / longest;
  }
}
