package ai.spar.ifeval.text;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Counts words as the reference IFEval does: the matches of Python's {@code \w+} (NLTK's {@code
 * RegexpTokenizer(r"\w+")}), so "don't" is two words and "state-of-the-art" four.
 */
public final class WordCounter {

  private static final Pattern WORDS = Pattern.compile(PythonText.WORD + "+");

  private WordCounter() {}

  /** The number of {@code \w+} runs in {@code text}. */
  public static int count(String text) {
    Matcher m = WORDS.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
