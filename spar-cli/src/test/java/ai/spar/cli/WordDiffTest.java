package ai.spar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WordDiffTest {
  @Test
  void marksRemovedAndAddedWords() {
    assertThat(WordDiff.of("The red fox runs fast.", "The red fox runs fast. P.S. done"))
        .isEqualTo("The red fox runs fast. {+P.S. done+}");
    assertThat(WordDiff.of("A Big, bold cat.", "a big bold cat."))
        .isEqualTo("[-A Big,-] {+a big+} bold cat.");
    assertThat(WordDiff.of("one\n\ntwo", "one two three")).isEqualTo("one two {+three+}");
    assertThat(WordDiff.of("same text", "same text")).isEqualTo("same text");
  }
}
