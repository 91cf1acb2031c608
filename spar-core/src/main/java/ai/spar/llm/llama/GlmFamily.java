package ai.spar.llm.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Hugging Face {@code GlmForCausalLM} (the {@code -hf} releases of GLM-4-9B). Against Llama: RoPE
 * rotates only the first {@code partial_rotary_factor} share of each head (default 0.5), pairing
 * neighbouring dimensions; checkpoints store gate and up as one {@code mlp.gate_up_proj} (gate rows
 * first); q/k/v biases unless {@code attention_bias} is false; {@code head_dim} defaults to 128.
 * The rest (no BOS, several EOS ids, the {@code [gMASK]<sop>} template) is plain data of the
 * checkpoint's files.
 */
final class GlmFamily implements ModelFamily {
  static final String ARCHITECTURE = "GlmForCausalLM";
  static final GlmFamily INSTANCE = new GlmFamily();

  /** {@code GlmConfig}'s defaults. */
  static final int DEFAULT_HEAD_DIM = 128;

  static final double DEFAULT_PARTIAL_ROTARY_FACTOR = 0.5;

  private static final List<FusedTensor> FUSED =
      List.of(
          new FusedTensor(
              "mlp.gate_up_proj.weight", List.of("mlp.gate_proj.weight", "mlp.up_proj.weight")));

  private GlmFamily() {}

  @Override
  public String architecture() {
    return ARCHITECTURE;
  }

  @Override
  public String modelType() {
    return "glm";
  }

  @Override
  public boolean qkvBias(JsonNode config) {
    return config.path("attention_bias").asBoolean(true);
  }

  @Override
  public int defaultHeadDim(int hiddenSize, int numHeads) {
    return DEFAULT_HEAD_DIM;
  }

  @Override
  public double partialRotaryFactor(JsonNode config) {
    return config.path("partial_rotary_factor").asDouble(DEFAULT_PARTIAL_ROTARY_FACTOR);
  }

  @Override
  public void checkSupported(JsonNode config) {
    JsonNode window = config.get("sliding_window");
    if (window != null && !window.isNull()) {
      throw new IllegalArgumentException(
          "sliding-window attention is not supported, but sliding_window was: " + window);
    }
  }

  @Override
  public RotaryPairing rotaryPairing() {
    return RotaryPairing.INTERLEAVED;
  }

  @Override
  public List<FusedTensor> fusedTensors() {
    return FUSED;
  }

  @Override
  public void putKeys(LlamaConfig config, ObjectNode root) {
    root.put("attention_bias", config.qkvBias());
    root.put("partial_rotary_factor", config.partialRotaryFactor());
  }
}
