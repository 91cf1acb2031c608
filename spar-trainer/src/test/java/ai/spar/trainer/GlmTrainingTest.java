package ai.spar.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.llm.GenerationRequest;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.chat.ChatMessage;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.llm.weights.SafetensorsCheckpoint;
import ai.spar.testing.Fixtures;
import ai.spar.trainer.data.PreferencePair;
import ai.spar.trainer.data.RowSource;
import ai.spar.trainer.tokens.ChatTokenizer;
import ai.spar.trainer.tokens.OverLength;
import ai.spar.trainer.tokens.TokenizedPair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.example.data.Group;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DPO and SFT on the tiny-glm fixture: the trainer runs the GLM family and writes its checkpoints
 * back in the Hugging Face GLM layout (fused {@code mlp.gate_up_proj}, q/k/v biases, the GLM keys
 * of {@code config.json}), which the runtime loads for the next iteration.
 */
class GlmTrainingTest {
  private static final int[] IDS = {443, 444, 446, 10, 231, 286, 438, 447, 10, 399};

  @TempDir Path dir;

  private static List<String[]> pairs() {
    String[] words = {"red cat", "blue dog", "sun tree", "moon fish", "bird rock", "red sun"};
    List<String[]> pairs = new ArrayList<>();
    for (String w : words) {
      pairs.add(new String[] {"say " + w, "yes " + w, "no " + w});
    }
    return pairs;
  }

  /** Mean of (chosen - rejected) log-prob over the pairs, under a model directory. */
  private static double preference(Path model, List<String[]> raw) {
    List<PreferencePair> pairs = new ArrayList<>();
    for (String[] p : raw) {
      pairs.add(
          new PreferencePair(
              new RowSource("mem", 0),
              List.of(ChatMessage.user(p[0])),
              List.of(ChatMessage.assistant(p[1])),
              List.of(ChatMessage.assistant(p[2]))));
    }
    List<TokenizedPair> tokenized;
    try (ChatTokenizer t = ChatTokenizer.load(Fixtures.tinyGlm(), 64, OverLength.ERROR)) {
      tokenized = t.tokenizePairs(pairs).items();
    }
    try (TrainableModel m = TrainableModel.load(model, "cpu")) {
      ReferenceLogProbs lp = ReferenceLogProbs.compute("k", m.model(), tokenized, 8, m.manager());
      double sum = 0;
      for (int i = 0; i < lp.chosen().length; i++) {
        sum += lp.chosen()[i] - lp.rejected()[i];
      }
      return sum / lp.chosen().length;
    }
  }

  private static TrainConfig config(Objective objective) {
    return TrainConfig.defaults(objective)
        .with(
            Map.of(
                "learningRate", 3e-3,
                "epochs", 2,
                "batchSize", 3,
                "maxLength", 64,
                "device", "cpu",
                "seed", 11));
  }

  /**
   * Asserts that a trained model is a GLM checkpoint in the fixture's layout whose logits moved,
   * and that the runtime reloads and runs it.
   */
  private static void assertMovedGlmCheckpoint(Path trained) throws Exception {
    assertThat(LlamaConfig.load(trained)).isEqualTo(LlamaConfig.load(Fixtures.tinyGlm()));
    JsonNode config = new ObjectMapper().readTree(trained.resolve("config.json").toFile());
    assertThat(config.get("model_type").asText()).isEqualTo("glm");
    assertThat(config.get("partial_rotary_factor").asDouble()).isEqualTo(0.5);
    try (SafetensorsCheckpoint written = SafetensorsCheckpoint.open(trained);
        SafetensorsCheckpoint source = SafetensorsCheckpoint.open(Fixtures.tinyGlm())) {
      assertThat(written.tensors().keySet())
          .containsExactlyInAnyOrderElementsOf(source.tensors().keySet());
    }
    float[][] before;
    try (DjlLlamaModel base = DjlLlamaModel.load(Fixtures.tinyGlm(), RuntimeOptions.cpu())) {
      before = base.logits(IDS);
    }
    try (DjlLlamaModel model = DjlLlamaModel.load(trained, RuntimeOptions.cpu())) {
      float[][] after = model.logits(IDS);
      double moved = 0;
      for (int t = 0; t < IDS.length; t++) {
        for (int v = 0; v < after[t].length; v++) {
          moved = Math.max(moved, Math.abs(after[t][v] - before[t][v]));
        }
      }
      assertThat(moved).isGreaterThan(0.1);
      assertThat(
              model
                  .generate(
                      List.of(
                          new GenerationRequest(
                              Prompt.user("say red cat"), SamplingParams.greedy(4))))
                  .get(0)
                  .completions()
                  .get(0)
                  .tokenIds())
          .isNotEmpty();
    }
  }

  @Test
  void dpoRaisesTheMarginAndWritesAGlmCheckpointThatReloads() throws Exception {
    List<String[]> train = pairs();
    Path data = TestTables.writeStringPairs(dir.resolve("pairs.parquet"), train);
    TrainingResult result =
        TrainingRun.dpo(
            Fixtures.tinyGlm(),
            Optional.empty(),
            List.of(data.toString()),
            dir.resolve("dpo"),
            config(Objective.DPO),
            Integer.MAX_VALUE);
    assertThat(result.steps()).isEqualTo(4);
    Path trained = result.finalModel().orElseThrow();
    assertThat(preference(trained, train)).isGreaterThan(preference(Fixtures.tinyGlm(), train) + 1);
    assertMovedGlmCheckpoint(trained);
  }

  @Test
  void sftLowersTheLossAndWritesAGlmCheckpointThatReloads() throws Exception {
    String schema =
        "message m { "
            + TestTables.chatColumn("messages")
            + " optional binary completion (STRING); }";
    List<String> answers =
        List.of("the cat is red", "the dog is blue", "the sun is red", "the moon is blue");
    Path data =
        TestTables.write(
            dir.resolve("sft.parquet"),
            schema,
            answers,
            (Group g, String a) -> {
              TestTables.appendChat(g, "messages", "user", "describe it");
              g.append("completion", a);
            });
    TrainingResult result =
        TrainingRun.sft(
            Fixtures.tinyGlm(),
            List.of(data.toString()),
            dir.resolve("sft"),
            config(Objective.SFT).with(Map.of("epochs", 3, "batchSize", 2)),
            Integer.MAX_VALUE);
    List<String> lines = java.nio.file.Files.readAllLines(dir.resolve("sft/" + MetricsLog.FILE));
    double firstLoss =
        Double.parseDouble(lines.get(1).replaceAll(".*\"loss\":([-0-9.Ee]+).*", "$1"));
    assertThat((Double) result.lastMetrics().get("loss")).isLessThan(firstLoss * 0.8);
    assertMovedGlmCheckpoint(result.finalModel().orElseThrow());
  }
}
