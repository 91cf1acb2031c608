package ai.spar.miniature;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.chat.ChatMessage;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.llm.tokenizer.HfTokenizer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniatureModelPresetTest {
  @TempDir Path dir;

  @Test
  void initialCheckpointLoadsAndGeneratesThroughTheChatTemplate() {
    Path tokenizer = dir.resolve("tokenizer");
    MiniatureTokenizer.write(
        MiniatureTokenizer.train(
            MiniatureTokenizer.renderedChats(MiniatureFixtures.rows(1, 40)), 1024),
        tokenizer);
    LlamaConfig config =
        MiniatureModelPreset.writeInitialCheckpoint(tokenizer, dir.resolve("model"), 3);
    assertThat(config.hiddenSize()).isEqualTo(256);
    assertThat(config.numKvHeads()).isEqualTo(2);
    assertThat(config.maxPositions()).isEqualTo(512);
    assertThat(config.parameterCount()).isBetween(2_000_000L, 6_000_000L);

    try (DjlLlamaModel model = DjlLlamaModel.load(dir.resolve("model"), RuntimeOptions.cpu())) {
      assertThat(model.info().vocabSize()).isEqualTo(config.vocabSize());
      GenerationResult result =
          model
              .generate(
                  List.of(
                      new GenerationRequest(
                          Prompt.user("Describe a red fox. Use only lowercase letters."),
                          SamplingParams.greedy(8))))
              .get(0);
      assertThat(result.error()).isEmpty();
      assertThat(result.completions()).hasSize(1);
      // the prompt went through the chat template: BOS, headers, content and the generation header
      String rendered =
          MiniatureTokenizer.chatTemplate()
              .render(
                  List.of(ChatMessage.user("Describe a red fox. Use only lowercase letters.")),
                  true);
      try (HfTokenizer t = HfTokenizer.load(tokenizer)) {
        assertThat(result.promptTokens()).isEqualTo(t.encode(rendered, false).length);
      }
      assertThat(result.completions().get(0).tokenIds()).isNotEmpty().hasSizeLessThanOrEqualTo(8);
    }
  }
}
