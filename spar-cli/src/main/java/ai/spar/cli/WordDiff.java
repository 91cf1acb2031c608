package ai.spar.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A word-level difference of two texts for people to read: {@code [-removed-]} and {@code
 * {+added+}} around the words that differ (longest common subsequence of whitespace-separated
 * words; whitespace is shown as one space).
 */
final class WordDiff {
  private WordDiff() {}

  static String of(String before, String after) {
    List<String> a = words(before);
    List<String> b = words(after);
    int[][] lcs = new int[a.size() + 1][b.size() + 1];
    for (int i = a.size() - 1; i >= 0; i--) {
      for (int j = b.size() - 1; j >= 0; j--) {
        lcs[i][j] =
            a.get(i).equals(b.get(j))
                ? lcs[i + 1][j + 1] + 1
                : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    StringBuilder out = new StringBuilder();
    List<String> removed = new ArrayList<>();
    List<String> added = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < a.size() || j < b.size()) {
      if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
        flush(out, removed, added);
        out.append(a.get(i)).append(' ');
        i++;
        j++;
      } else if (j < b.size() && (i == a.size() || lcs[i][j + 1] >= lcs[i + 1][j])) {
        added.add(b.get(j++));
      } else {
        removed.add(a.get(i++));
      }
    }
    flush(out, removed, added);
    return out.toString().strip();
  }

  private static List<String> words(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? List.of() : List.of(stripped.split("\\s+"));
  }

  private static void flush(StringBuilder out, List<String> removed, List<String> added) {
    if (!removed.isEmpty()) {
      out.append("[-").append(String.join(" ", removed)).append("-] ");
      removed.clear();
    }
    if (!added.isEmpty()) {
      out.append("{+").append(String.join(" ", added)).append("+} ");
      added.clear();
    }
  }
}
