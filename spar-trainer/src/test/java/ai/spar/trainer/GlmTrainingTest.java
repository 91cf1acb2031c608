package ai.spar.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.llm.GenerationRequest;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.llm.weights.SafetensorsCheckpoint;
import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  private static double preference(Path model, List<String[]> raw) {
    return TinyTraining.preference(Fixtures.tinyGlm(), model, raw);
  }

  private static TrainConfig config(Objective objective) {
    return TinyTraining.config(objective, Map.of("epochs", 2, "batchSize", 3, "seed", 11));
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
    List<String> answers =
        List.of("the cat is red", "the dog is blue", "the sun is red", "the moon is blue");
    Path data =
        TestTables.writeSftExamples(dir.resolve("sft.parquet"), answers, "user", "describe it");
    TrainingResult result =
        TrainingRun.sft(
            Fixtures.tinyGlm(),
            List.of(data.toString()),
            dir.resolve("sft"),
            config(Objective.SFT).with(Map.of("epochs", 3, "batchSize", 2)),
            Integer.MAX_VALUE);
    double firstLoss = TinyTraining.firstLoss(dir.resolve("sft"));
    assertThat((Double) result.lastMetrics().get("loss")).isLessThan(firstLoss * 0.8);
    assertMovedGlmCheckpoint(result.finalModel().orElseThrow());
  }
}
