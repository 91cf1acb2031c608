package ai.spar.llm.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Llama, Mistral and Qwen2: full rotate-half RoPE, checkpoints with one tensor per projection. They
 * differ in two keys: Qwen2 always has q/k/v biases (the others read {@code attention_bias}) and
 * switches its sliding window with {@code use_sliding_window} (the others cannot switch it off).
 *
 * @param architecture the Hugging Face architecture name
 * @param modelType the {@code model_type}
 * @param qwen2Keys whether biases are always present and {@code use_sliding_window} applies
 */
record LlamaFamily(String architecture, String modelType, boolean qwen2Keys)
    implements ModelFamily {
  static final LlamaFamily LLAMA = new LlamaFamily(LlamaConfig.LLAMA, "llama", false);
  static final LlamaFamily MISTRAL = new LlamaFamily(LlamaConfig.MISTRAL, "mistral", false);
  static final LlamaFamily QWEN2 = new LlamaFamily(LlamaConfig.QWEN2, "qwen2", true);

  @Override
  public boolean qkvBias(JsonNode config) {
    return qwen2Keys || config.path("attention_bias").asBoolean(false);
  }

  @Override
  public double partialRotaryFactor(JsonNode config) {
    return config.path("partial_rotary_factor").asDouble(1.0);
  }

  @Override
  public void checkSupported(JsonNode config) {
    JsonNode window = config.get("sliding_window");
    boolean enabled = !qwen2Keys || config.path("use_sliding_window").asBoolean(false);
    if (window != null && !window.isNull() && enabled) {
      throw new IllegalArgumentException(
          "sliding-window attention is not supported, but sliding_window was: " + window);
    }
  }

  @Override
  public RotaryPairing rotaryPairing() {
    return RotaryPairing.HALF_SPLIT;
  }

  @Override
  public List<FusedTensor> fusedTensors() {
    return List.of();
  }

  @Override
  public void putKeys(LlamaConfig config, ObjectNode root) {
    if (qwen2Keys) {
      root.put("use_sliding_window", false);
    } else {
      root.put("attention_bias", config.qkvBias());
    }
    if (config.partialRotaryFactor() != 1.0) {
      root.put("partial_rotary_factor", config.partialRotaryFactor());
    }
  }
}
