package ai.spar.llm.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.testing.Fixtures;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfTokenizerTest {
  @Test
  void encodesAndDecodesTextAndSpecialTokens() {
    try (HfTokenizer tokenizer = HfTokenizer.load(Fixtures.tinyLlama())) {
      assertThat(tokenizer.vocabSize()).isEqualTo(447);
      assertThat(tokenizer.tokenId("<|begin_of_text|>")).hasValue(442);
      assertThat(tokenizer.tokenId("<|eot_id|>")).hasValue(446);
      String text = "<|begin_of_text|>Hello, world! Ünïcödé text.<|eot_id|>";
      int[] ids = tokenizer.encode(text, true);
      assertThat(ids[0]).isEqualTo(442);
      assertThat(ids[ids.length - 1]).isEqualTo(446);
      assertThat(tokenizer.decode(ids, false)).isEqualTo(text);
      assertThat(tokenizer.decode(ids, true)).isEqualTo("Hello, world! Ünïcödé text.");
    }
  }

  @Test
  void doesNotTruncateLongText() {
    try (HfTokenizer tokenizer = HfTokenizer.load(Fixtures.tinyLlama())) {
      String text = "word ".repeat(3000);
      int[] ids = tokenizer.encode(text, false);
      assertThat(ids.length).isGreaterThan(2000);
      assertThat(tokenizer.decode(ids, false)).isEqualTo(text);
    }
  }

  @Test
  void missingFileIsNamed(@TempDir Path dir) {
    assertThatThrownBy(() -> HfTokenizer.load(dir))
        .hasMessageContaining(dir.resolve("tokenizer.json").toString())
        .hasMessageContaining("does not exist");
  }
}
