package ai.spar.miniature;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.llm.chat.ChatMessage;
import ai.spar.llm.chat.ChatTemplate;
import ai.spar.llm.chat.TokenizerConfig;
import ai.spar.llm.tokenizer.HfTokenizer;
import ai.spar.llm.tokenizer.bpe.BpeVocabulary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniatureTokenizerTest {
  @TempDir static Path dir;
  static List<SftRow> rows;
  static BpeVocabulary vocabulary;

  @BeforeAll
  static void train() {
    rows = MiniatureFixtures.rows(5, 300);
    vocabulary =
        MiniatureTokenizer.train(
            MiniatureTokenizer.renderedChats(rows), MiniatureTokenizer.DEFAULT_BPE_SIZE);
    MiniatureTokenizer.write(vocabulary, dir);
  }

  @Test
  void everyRenderedTeacherChatRoundTripsThroughDjl() {
    ChatTemplate template = MiniatureTokenizer.chatTemplate();
    List<Integer> lengths = new ArrayList<>();
    try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
      for (SftRow row : rows) {
        List<ChatMessage> chat = new ArrayList<>(row.messages());
        chat.add(ChatMessage.assistant(row.completion()));
        String text = template.render(chat, false);
        int[] ids = tokenizer.encode(text, true);
        assertThat(tokenizer.decode(ids, false)).isEqualTo(text);
        lengths.add(ids.length);
        assertThat(tokenizer.decode(tokenizer.encode(row.completion(), false), false))
            .isEqualTo(row.completion());
      }
    }
    lengths.sort(null);
    assertThat(lengths.get(lengths.size() - 1)).isLessThan(MiniatureTokenizer.MAX_LENGTH);
  }

  @Test
  void unseenTextAndMarkupRoundTripExactly() {
    List<String> texts =
        List.of(
            "  leading spaces\n\n\ttabs and  double  spaces \n",
            "<<Title>>\n* one\n* two\n[[start]]\nx\n[[end]]",
            "\"QUOTED, UPPER\" and P.S. notes; naïve café ☕ 12345",
            "zebra xylophone quokka (never in the corpus)");
    try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
      for (String text : texts) {
        assertThat(tokenizer.decode(tokenizer.encode(text, false), false)).isEqualTo(text);
      }
    }
  }

  @Test
  void vocabularyIsSmallAndSpecialTokensAreSingleIds() {
    try (HfTokenizer tokenizer = HfTokenizer.load(dir)) {
      assertThat(tokenizer.vocabSize()).isEqualTo(vocabulary.size()).isBetween(1000, 4096);
      for (String special : MiniatureTokenizer.SPECIAL_TOKENS) {
        assertThat(tokenizer.tokenId(special)).hasValue(vocabulary.specialId(special));
        assertThat(tokenizer.encode("a" + special + "b", false))
            .contains(vocabulary.specialId(special));
      }
      // word-bank words with their leading space are single tokens
      assertThat(tokenizer.encode(" fox", false)).hasSize(1);
      assertThat(tokenizer.encode(" lantern", false)).hasSize(1);
    }
  }

  @Test
  void configCarriesTheChatTemplateAndSpecialTokens() {
    TokenizerConfig config = TokenizerConfig.load(dir);
    assertThat(config.bosToken()).hasValue(MiniatureTokenizer.BOS);
    assertThat(config.eosToken()).hasValue(MiniatureTokenizer.EOT);
    assertThat(config.padToken()).hasValue(MiniatureTokenizer.PAD);
    assertThat(config.modelMaxLength()).hasValue(MiniatureTokenizer.MAX_LENGTH);
    String rendered =
        ChatTemplate.of(config)
            .orElseThrow()
            .render(List.of(ChatMessage.user("Describe a red fox.")), true);
    assertThat(rendered)
        .isEqualTo(
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nDescribe a red fox."
                + "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n");
  }

  @Test
  void trainingIsDeterministic() {
    assertThat(
            MiniatureTokenizer.train(
                MiniatureTokenizer.renderedChats(rows), MiniatureTokenizer.DEFAULT_BPE_SIZE))
        .isEqualTo(vocabulary);
  }
}
