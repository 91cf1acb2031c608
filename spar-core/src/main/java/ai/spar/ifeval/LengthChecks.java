package ai.spar.ifeval;

import ai.spar.ifeval.text.PunktSentenceTokenizer;
import ai.spar.ifeval.text.PythonText;
import ai.spar.ifeval.text.WordCounter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The {@code length_constraints:*} instructions. */
final class LengthChecks {
  private LengthChecks() {}

  /** {@code length_constraints:number_sentences}: Punkt sentence count less than / at least N. */
  record NumberSentences(int threshold, Relation relation) implements InstructionCheck {
    static final String ID = "length_constraints:number_sentences";

    static NumberSentences of(Kwargs k) {
      return new NumberSentences(
          k.integer("num_sentences", 0, Integer.MAX_VALUE), k.relation("relation"));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      int n = PunktSentenceTokenizer.english().count(response);
      return verdict(
          relation.holds(n, threshold),
          String.format(
              Locale.ROOT, "found %d sentences, expected %s %d", n, relation.phrase(), threshold));
    }
  }

  /** {@code length_constraints:number_words}: {@code \w+} word count less than / at least N. */
  record NumberWords(int threshold, Relation relation) implements InstructionCheck {
    static final String ID = "length_constraints:number_words";

    static NumberWords of(Kwargs k) {
      return new NumberWords(k.integer("num_words", 0, Integer.MAX_VALUE), k.relation("relation"));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      int n = WordCounter.count(response);
      return verdict(
          relation.holds(n, threshold),
          String.format(
              Locale.ROOT, "found %d words, expected %s %d", n, relation.phrase(), threshold));
    }
  }

  /**
   * {@code length_constraints:number_paragraphs}: exactly N paragraphs separated by {@code ***}.
   */
  record NumberParagraphs(int paragraphs) implements InstructionCheck {
    static final String ID = "length_constraints:number_paragraphs";
    private static final Pattern DIVIDER =
        Pattern.compile(PythonText.SPACE + "?\\*\\*\\*" + PythonText.SPACE + "?");

    static NumberParagraphs of(Kwargs k) {
      return new NumberParagraphs(k.integer("num_paragraphs", 0, Integer.MAX_VALUE));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      List<String> parts = PythonText.reSplit(DIVIDER, response);
      int n = parts.size();
      for (int i = 0; i < parts.size(); i++) {
        if (PythonText.strip(parts.get(i)).isEmpty()) {
          if (i == 0 || i == parts.size() - 1) {
            n--;
          } else {
            return fail("paragraph " + (i + 1) + " between *** dividers is empty");
          }
        }
      }
      return verdict(
          n == paragraphs,
          String.format(
              Locale.ROOT,
              "found %d paragraphs separated by ***, expected exactly %d",
              n,
              paragraphs));
    }
  }

  /**
   * {@code length_constraints:nth_paragraph_first_word}: exactly N paragraphs separated by blank
   * lines, and the n-th starts with the given word.
   */
  record NthParagraphFirstWord(int paragraphs, int nth, String firstWord)
      implements InstructionCheck {
    static final String ID = "length_constraints:nth_paragraph_first_word";
    private static final String PUNCTUATION = ".,?!'\"";

    static NthParagraphFirstWord of(Kwargs k) {
      int paragraphs = k.integer("num_paragraphs", 1, Integer.MAX_VALUE);
      int nth = k.integer("nth_paragraph", 1, paragraphs);
      return new NthParagraphFirstWord(paragraphs, nth, PythonText.lower(k.string("first_word")));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      List<String> parts = PythonText.split(response, "\n\n");
      int n = parts.size();
      for (String p : parts) {
        if (PythonText.strip(p).isEmpty()) {
          n--;
        }
      }
      if (nth > n) {
        return fail(
            String.format(
                Locale.ROOT, "found only %d paragraphs, paragraph %d is missing", n, nth));
      }
      String paragraph = PythonText.strip(parts.get(nth - 1));
      if (paragraph.isEmpty()) {
        return fail("paragraph " + nth + " is empty");
      }
      String word = PythonText.strip(PythonText.split(paragraph).get(0));
      word = PythonText.lstrip(PythonText.lstrip(word, "'"), "\"");
      StringBuilder first = new StringBuilder();
      for (int i = 0; i < word.length(); ) {
        int cp = word.codePointAt(i);
        i += Character.charCount(cp);
        if (PUNCTUATION.indexOf(cp) >= 0) {
          break;
        }
        first.append(PythonText.lower(new String(Character.toChars(cp))));
      }
      boolean countOk = n == paragraphs;
      boolean wordOk = first.toString().equals(firstWord);
      return verdict(
          countOk && wordOk,
          String.format(
              Locale.ROOT,
              "found %d paragraphs (expected %d); paragraph %d starts with '%s' (expected '%s')",
              n,
              paragraphs,
              nth,
              first,
              firstWord));
    }
  }
}
