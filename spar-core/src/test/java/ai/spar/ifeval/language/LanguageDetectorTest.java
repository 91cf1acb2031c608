package ai.spar.ifeval.language;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageDetectorTest {
  private final LanguageDetector detector = LanguageDetector.reference();

  @Test
  void detectsCommonLanguages() {
    assertThat(detector.detect("The quick brown fox jumps over the lazy dog near the river bank."))
        .contains("en");
    assertThat(
            detector.detect("Der schnelle braune Fuchs springt über den faulen Hund am Flussufer."))
        .contains("de");
    assertThat(
            detector.detect("El rápido zorro marrón salta sobre el perro perezoso junto al río."))
        .contains("es");
    assertThat(detector.detect("Быстрая коричневая лиса прыгает через ленивую собаку у реки."))
        .contains("ru");
  }

  @Test
  void textWithoutFeaturesIsUndetectable() {
    assertThat(detector.detect("12345 !!! ... 678")).isEmpty();
    assertThat(detector.detect("")).isEmpty();
  }

  @Test
  void isDeterministic() {
    String text = "Bonjour tout le monde, ceci est un petit texte.";
    assertThat(detector.detect(text)).isEqualTo(detector.detect(text)).contains("fr");
  }
}
