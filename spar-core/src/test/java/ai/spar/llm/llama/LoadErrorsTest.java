package ai.spar.llm.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.llm.weights.SafetensorsException;
import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadErrorsTest {
  @TempDir Path dir;

  private Path copyOfFixture() throws IOException {
    Path copy = dir.resolve("model");
    Files.createDirectories(copy);
    try (Stream<Path> files = Files.list(Fixtures.tinyLlama())) {
      for (Path f : files.toList()) {
        Files.copy(f, copy.resolve(f.getFileName()));
      }
    }
    return copy;
  }

  private ObjectNode config(Path model) throws IOException {
    return (ObjectNode) new ObjectMapper().readTree(model.resolve("config.json").toFile());
  }

  private void write(Path model, ObjectNode config) throws IOException {
    Files.writeString(model.resolve("config.json"), config.toString());
  }

  @Test
  void missingConfigIsNamed() throws IOException {
    Path model = copyOfFixture();
    Files.delete(model.resolve("config.json"));
    assertThatThrownBy(() -> DjlLlamaModel.load(model, RuntimeOptions.cpu()))
        .hasMessageContaining(model.resolve("config.json").toString())
        .hasMessageContaining("does not exist");
  }

  @Test
  void truncatedWeightsNameFileAndTensor() throws IOException {
    Path model = copyOfFixture();
    Path weights = model.resolve("model.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, Arrays.copyOf(bytes, bytes.length - 100));
    assertThatThrownBy(() -> DjlLlamaModel.load(model, RuntimeOptions.cpu()))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining(weights.toString())
        .hasMessageContaining("tensor ")
        .hasMessageContaining("outside the data section");
  }

  @Test
  void wrongTensorShapeIsNamed() throws IOException {
    Path model = copyOfFixture();
    write(model, config(model).put("intermediate_size", 96));
    assertThatThrownBy(() -> DjlLlamaModel.load(model, RuntimeOptions.cpu()))
        .hasMessageContaining(model.resolve("model.safetensors").toString())
        .hasMessageContaining("tensor model.layers.0.mlp.gate_proj.weight has shape [128, 64]")
        .hasMessageContaining("[96, 64]");
  }

  @Test
  void unsupportedArchitecturesAndFeaturesNameKeyAndValue() throws IOException {
    Path model = copyOfFixture();
    ObjectNode base = config(model);
    ObjectNode gpt = base.deepCopy();
    gpt.putArray("architectures").add("GPT2LMHeadModel");
    write(model, gpt);
    assertThatThrownBy(() -> LlamaConfig.load(model))
        .hasMessageContaining("config.json")
        .hasMessageContaining("architectures")
        .hasMessageContaining("GPT2LMHeadModel");
    write(model, base.deepCopy().put("sliding_window", 4096));
    assertThatThrownBy(() -> LlamaConfig.load(model))
        .hasMessageContaining("sliding_window was: 4096");
    write(model, base.deepCopy().put("num_local_experts", 8));
    assertThatThrownBy(() -> LlamaConfig.load(model))
        .hasMessageContaining("num_local_experts was: 8");
    ObjectNode yarn = base.deepCopy();
    yarn.putObject("rope_scaling").put("rope_type", "yarn").put("factor", 4.0);
    write(model, yarn);
    assertThatThrownBy(() -> LlamaConfig.load(model))
        .hasMessageContaining("rope_type")
        .hasMessageContaining("yarn");
    write(model, base.deepCopy().put("num_key_value_heads", 3));
    assertThatThrownBy(() -> LlamaConfig.load(model))
        .hasMessageContaining("num_key_value_heads was: 3");
  }

  @Test
  void qwenSlidingWindowIsAcceptedWhenDisabledAndLlama3ScalingIsBound() throws IOException {
    Path model = copyOfFixture();
    ObjectNode qwen = config(model);
    qwen.putArray("architectures").add("Qwen2ForCausalLM");
    qwen.put("sliding_window", 4096).put("use_sliding_window", false);
    qwen.putObject("rope_scaling")
        .put("rope_type", "llama3")
        .put("factor", 8.0)
        .put("low_freq_factor", 1.0)
        .put("high_freq_factor", 4.0)
        .put("original_max_position_embeddings", 8192);
    write(model, qwen);
    LlamaConfig config = LlamaConfig.load(model);
    assertThat(config.qkvBias()).isTrue();
    assertThat(config.ropeScaling().orElseThrow().factor()).isEqualTo(8.0);
    float[] inv = RotaryEmbedding.inverseFrequencies(config);
    assertThat(inv[0]).isEqualTo(1f); // short wavelengths are kept
    assertThat((double) inv[inv.length - 1])
        .isCloseTo(
            Math.pow(10000, -14.0 / 16) / 8,
            org.assertj.core.data.Offset.offset(1e-9)); // long ones / factor
  }
}
