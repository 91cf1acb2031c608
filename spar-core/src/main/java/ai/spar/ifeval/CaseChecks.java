package ai.spar.ifeval;

import ai.spar.ifeval.language.LanguageDetector;
import ai.spar.ifeval.text.NltkWordTokenizer;
import ai.spar.ifeval.text.PythonText;
import java.util.Locale;
import java.util.Optional;

/** The {@code change_case:*} instructions. */
final class CaseChecks {
  private CaseChecks() {}

  /** {@code change_case:capital_word_frequency}: all-capital words less than / at least N times. */
  record CapitalWordFrequency(int frequency, Relation relation) implements InstructionCheck {
    static final String ID = "change_case:capital_word_frequency";

    static CapitalWordFrequency of(Kwargs k) {
      return new CapitalWordFrequency(
          k.integer("capital_frequency", 0, Integer.MAX_VALUE), k.relation("capital_relation"));
    }

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      long n =
          NltkWordTokenizer.english().tokenize(response).stream()
              .filter(PythonText::isUpper)
              .count();
      return verdict(
          relation.holds(n, frequency),
          String.format(
              Locale.ROOT,
              "found %d words in all capital letters, expected %s %d",
              n,
              relation.phrase(),
              frequency));
    }
  }

  /** {@code change_case:english_capital}: all capital letters, and detected as English. */
  record EnglishCapital() implements InstructionCheck {
    static final String ID = "change_case:english_capital";

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      if (!PythonText.isUpper(response)) {
        return fail("not all letters are capital letters");
      }
      return english(this, response, "all capital letters and in English");
    }
  }

  /** {@code change_case:english_lowercase}: all lowercase letters, and detected as English. */
  record EnglishLowercase() implements InstructionCheck {
    static final String ID = "change_case:english_lowercase";

    @Override
    public String id() {
      return ID;
    }

    @Override
    public CheckResult check(String response) {
      if (!PythonText.isLower(response)) {
        return fail("not all letters are lowercase");
      }
      return english(this, response, "all lowercase and in English");
    }
  }

  private static CheckResult english(InstructionCheck check, String response, String ok) {
    Optional<String> lang = LanguageDetector.reference().detect(response);
    if (lang.isEmpty()) {
      return check.pass(
          ok.replace(" and in English", "") + "; language undetectable (counted as followed)");
    }
    return lang.get().equals("en")
        ? check.pass(ok)
        : check.fail("detected language '" + lang.get() + "', expected English");
  }
}
