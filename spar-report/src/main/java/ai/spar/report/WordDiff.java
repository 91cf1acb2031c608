package ai.spar.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A word-level difference of two texts (longest common subsequence of whitespace-separated words),
 * as segments for the report to mark: kept words, words only in the first text, words only in the
 * second.
 */
final class WordDiff {
  /** Above this many words on either side the texts are compared as two whole segments. */
  static final int MAX_WORDS = 2_000;

  private WordDiff() {}

  /**
   * One run of words.
   *
   * @param op {@code =} kept, {@code -} only in the first text, {@code +} only in the second
   * @param text the words, separated by single spaces
   */
  record Segment(String op, String text) {}

  static List<Segment> of(String before, String after) {
    List<String> a = words(before);
    List<String> b = words(after);
    if (a.size() > MAX_WORDS || b.size() > MAX_WORDS) {
      return List.of(new Segment("-", String.join(" ", a)), new Segment("+", String.join(" ", b)));
    }
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    List<Segment> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        append(out, "=", a.get(i));
        i++;
        j++;
      } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
        append(out, "+", b.get(j++));
      } else {
        append(out, "-", a.get(i++));
      }
    }
    return out;
  }

  private static void append(List<Segment> out, String op, String word) {
    if (!out.isEmpty() && out.get(out.size() - 1).op().equals(op)) {
      Segment last = out.remove(out.size() - 1);
      out.add(new Segment(op, last.text() + " " + word));
    } else {
      out.add(new Segment(op, word));
    }
  }

  private static List<String> words(String text) {
    String stripped = text == null ? "" : text.strip();
    return stripped.isEmpty() ? List.of() : List.of(stripped.split("\\s+"));
  }
}
