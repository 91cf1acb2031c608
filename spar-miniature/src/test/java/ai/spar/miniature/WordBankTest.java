package ai.spar.miniature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class WordBankTest {
  @Test
  void bundledBankHoldsAFewHundredWords() {
    WordBank bank = WordBank.bundled();
    assertThat(bank.size()).isBetween(250, 600);
    assertThat(bank.verbs()).hasSameSizeAs(bank.verbsThirdPerson()).contains("fly");
    assertThat(bank.verbsThirdPerson().get(bank.verbs().indexOf("fly"))).isEqualTo("flies");
    assertThat(bank.keywords()).doesNotContainAnyElementsOf(bank.nouns());
  }

  @Test
  void parseErrorsNameTheSourceAndLine() {
    assertThatThrownBy(() -> WordBank.parse(new StringReader("fox\n"), "bank.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bank.txt:1: entry 'fox' before any [section]");
    assertThatThrownBy(() -> WordBank.parse(new StringReader("# c\n[animals]\n"), "bank.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("bank.txt:2: unknown section [animals]; expected one of");
    assertThatThrownBy(() -> WordBank.parse(new StringReader("[verbs]\nrun\n"), "bank.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "bank.txt:2: a verb line must hold the base and third person forms, but was: 'run'");
  }

  @Test
  void entriesMustBeLowercaseAndCommaFree() {
    assertThatThrownBy(
            () -> WordBank.parse(new StringReader("[adjectives]\nRed\nb\nc\nd\n"), "bank.txt"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "adjectives entries must be lowercase, trimmed and comma-free, but found: 'Red'");
  }
}
