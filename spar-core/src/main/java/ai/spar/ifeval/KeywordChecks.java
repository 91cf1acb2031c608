package ai.spar.ifeval;

import ai.spar.ifeval.text.PythonText;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code keywords:*} instructions. Keywords are regular expressions, as in the reference. */
final class KeywordChecks {
  private KeywordChecks() {}

  private static Pattern ignoreCase(String regex) {
    return Pattern.compile(
        regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | PythonText.PYTHON_LINES);
  }

  /** {@code keywords:existence}: every keyword occurs (case-insensitive). */
  record Existence(List<String> keywords) implements InstructionCheck {
    static final String ID = "keywords:existence";

    Existence {
      keywords = List.copyOf(new TreeSet<>(keywords));
    }

    static Existence of(Kwargs k) {
      return new Existence(k.strings("keywords"));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      List<String> missing = new ArrayList<>();
      for (String keyword : keywords) {
        if (!ignoreCase(keyword).matcher(response).find()) {
          missing.add(keyword);
        }
      }
      return missing.isEmpty()
          ? pass("all keywords present: " + keywords)
          : fail("missing keywords: " + missing);
    }
  }

  /**
   * {@code keywords:frequency}: a keyword occurs less than / at least N times (case-insensitive).
   */
  record Frequency(String keyword, int frequency, Relation relation) implements InstructionCheck {
    static final String ID = "keywords:frequency";

    static Frequency of(Kwargs k) {
      return new Frequency(
          PythonText.strip(k.string("keyword")),
          k.integer("frequency", 0, Integer.MAX_VALUE),
          k.relation("relation"));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      Matcher m = ignoreCase(keyword).matcher(response);
      int count = 0;
      while (m.find()) {
        count++;
      }
      return verdict(
          relation.holds(count, frequency),
          String.format(
              Locale.ROOT,
              "found '%s' %d times, expected %s %d",
              keyword,
              count,
              relation.phrase(),
              frequency));
    }
  }

  /**
   * {@code keywords:forbidden_words}: none of the words occurs as a whole word (case-insensitive).
   */
  record ForbiddenWords(List<String> words) implements InstructionCheck {
    static final String ID = "keywords:forbidden_words";

    ForbiddenWords {
      words = List.copyOf(new TreeSet<>(words));
    }

    static ForbiddenWords of(Kwargs k) {
      return new ForbiddenWords(k.strings("forbidden_words"));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      for (String word : words) {
        if (ignoreCase(PythonText.BOUNDARY + word + PythonText.BOUNDARY).matcher(response).find()) {
          return fail("uses the forbidden word '" + word + "'");
        }
      }
      return pass("uses none of the forbidden words " + words);
    }
  }

  /**
   * {@code keywords:letter_frequency}: a letter occurs less than / at least N times
   * (case-insensitive).
   */
  record LetterFrequency(String letter, int frequency, Relation relation)
      implements InstructionCheck {
    static final String ID = "keywords:letter_frequency";

    static LetterFrequency of(Kwargs k) {
      String letter = k.string("letter");
      if (PythonText.length(letter) != 1 || PythonText.strip(letter).isEmpty()) {
        throw new IllegalArgumentException(
            ID
                + ": kwarg 'letter' must be a single non-space character, but was: '"
                + letter
                + "'");
      }
      return new LetterFrequency(
          PythonText.lower(letter),
          k.integer("let_frequency", 0, Integer.MAX_VALUE),
          k.relation("let_relation"));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      String lower = PythonText.lower(response);
      int target = letter.codePointAt(0);
      long count =
          letter.codePointCount(0, letter.length()) == 1
              ? lower.codePoints().filter(cp -> cp == target).count()
              : 0;
      return verdict(
          relation.holds(count, frequency),
          String.format(
              Locale.ROOT,
              "found the letter '%s' %d times, expected %s %d",
              letter,
              count,
              relation.phrase(),
              frequency));
    }
  }
}
