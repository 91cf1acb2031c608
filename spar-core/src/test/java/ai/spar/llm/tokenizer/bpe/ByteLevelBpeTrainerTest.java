package ai.spar.llm.tokenizer.bpe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.llm.tokenizer.HfTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ByteLevelBpeTrainerTest {
  @TempDir Path dir;

  @Test
  void mergesTheMostFrequentPairFirstWithDeterministicTies() {
    // pieces: "ab" x3, " ab" x2 -> pair (a, b) occurs 5 times and is merged first
    BpeVocabulary v =
        new ByteLevelBpeTrainer(258, 1).train(List.of("ab ab ab", "ab ab"), List.of());
    assertThat(v.merges()).containsExactly("a b", "Ġ ab");
    assertThat(v.symbols().subList(256, 258)).containsExactly("ab", "Ġab");
  }

  @Test
  void stopsWhenNoPairReachesTheMinimumFrequency() {
    // "xy" and " xy" once each: (x, y) occurs twice, (Ġ, xy) only once
    BpeVocabulary v = new ByteLevelBpeTrainer(1000, 2).train(List.of("xy xy", "z"), List.of());
    assertThat(v.merges()).containsExactly("x y");
    assertThat(v.size()).isEqualTo(257);
  }

  @Test
  void specialTokensAreNotCountedAndGetTheLastIds() {
    BpeVocabulary v = new ByteLevelBpeTrainer(300, 1).train(List.of("<s>hi<s>hi"), List.of("<s>"));
    assertThat(v.merges()).containsExactly("h i");
    assertThat(v.specialId("<s>")).isEqualTo(257);
  }

  @Test
  void writtenTokenizerLoadsInDjlAndRoundTripsAnyText() throws Exception {
    BpeVocabulary v =
        new ByteLevelBpeTrainer(400, 1)
            .train(List.of("the red fox runs.\nThe red fox!", "<<title>> * a"), List.of("<|x|>"));
    Files.writeString(dir.resolve(HfTokenizer.FILE), v.toTokenizerJson());
    try (HfTokenizer t = HfTokenizer.load(dir)) {
      assertThat(t.vocabSize()).isEqualTo(v.size());
      assertThat(t.encode(" red", false)).hasSize(1);
      for (String text : List.of("the red fox", "  two\n\nlines\t", "ünïcödé ✓ 42", "<|x|>ok")) {
        assertThat(t.decode(t.encode(text, false), false)).isEqualTo(text);
      }
      assertThat(t.tokenId("<|x|>")).hasValue(v.specialId("<|x|>"));
    }
  }

  @Test
  void rejectsAVocabularySmallerThanTheBytes() {
    assertThatThrownBy(() -> new ByteLevelBpeTrainer(100, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("vocabSize must be >= 256 (the byte symbols), but was: 100");
  }
}
