package ai.spar.ifeval;

import ai.spar.ifeval.language.LanguageDetector;
import java.util.Map;
import java.util.Optional;

/** {@code language:response_language}: the whole response is detected as the requested language. */
record LanguageCheck(String language) implements InstructionCheck {
  static final String ID = "language:response_language";

  /** The reference's language names for its ISO 639-1 codes (used in reasons). */
  static final Map<String, String> NAMES =
      Map.ofEntries(
          Map.entry("en", "English"),
          Map.entry("es", "Spanish"),
          Map.entry("pt", "Portuguese"),
          Map.entry("ar", "Arabic"),
          Map.entry("hi", "Hindi"),
          Map.entry("fr", "French"),
          Map.entry("ru", "Russian"),
          Map.entry("de", "German"),
          Map.entry("ja", "Japanese"),
          Map.entry("it", "Italian"),
          Map.entry("bn", "Bengali"),
          Map.entry("uk", "Ukrainian"),
          Map.entry("th", "Thai"),
          Map.entry("ur", "Urdu"),
          Map.entry("ta", "Tamil"),
          Map.entry("te", "Telugu"),
          Map.entry("bg", "Bulgarian"),
          Map.entry("ko", "Korean"),
          Map.entry("pl", "Polish"),
          Map.entry("he", "Hebrew"),
          Map.entry("fa", "Persian"),
          Map.entry("vi", "Vietnamese"),
          Map.entry("ne", "Nepali"),
          Map.entry("sw", "Swahili"),
          Map.entry("kn", "Kannada"),
          Map.entry("mr", "Marathi"),
          Map.entry("gu", "Gujarati"),
          Map.entry("pa", "Punjabi"),
          Map.entry("ml", "Malayalam"),
          Map.entry("fi", "Finnish"));

  static LanguageCheck of(Kwargs k) {
    return new LanguageCheck(k.string("language"));
  }

  @Override
  public String id() {
    return ID;
  }

  @Override
  public CheckResult check(String response) {
    String name = NAMES.getOrDefault(language, language);
    Optional<String> detected = LanguageDetector.reference().detect(response);
    if (detected.isEmpty()) {
      return pass("language undetectable (counted as followed)");
    }
    return detected.get().equals(language)
        ? pass("written in " + name)
        : fail(
            "detected language '"
                + NAMES.getOrDefault(detected.get(), detected.get())
                + "', expected "
                + name);
  }
}
