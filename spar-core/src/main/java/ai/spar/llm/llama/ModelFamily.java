package ai.spar.llm.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * One Hugging Face decoder architecture ({@code architectures[0]} of {@code config.json}) as this
 * runtime runs it. The decoder ({@link LlamaModel}, {@link FusedInferencePass}), the weights
 * ({@link LlamaWeights}) and the configuration ({@link LlamaConfig}) are shared by every family; a
 * family says, in one place, only where its architecture differs:
 *
 * <ul>
 *   <li>its {@code config.json}: the keys whose meaning or default is its own ({@link #qkvBias},
 *       {@link #defaultHeadDim}, {@link #partialRotaryFactor}, {@link #checkSupported}) and the
 *       keys it writes back ({@link #putKeys});
 *   <li>its checkpoint's tensor names: which runtime parameters its checkpoints store fused in one
 *       tensor ({@link #fusedTensors}); the runtime always holds the split Llama names;
 *   <li>its rotary variant ({@link #rotaryPairing}, with {@link LlamaConfig#rotaryDim()}).
 * </ul>
 *
 * <p>Families are registered in {@link ModelFamilies}. Implementations are immutable.
 */
public interface ModelFamily {
  /** The architecture name in {@code config.json}, e.g. {@code LlamaForCausalLM}. */
  String architecture();

  /** The {@code model_type} written to {@code config.json}, e.g. {@code llama}. */
  String modelType();

  /** Whether the q/k/v projections have biases, from the family's keys of {@code config.json}. */
  boolean qkvBias(JsonNode config);

  /** The width of a head when {@code config.json} has no {@code head_dim}. */
  default int defaultHeadDim(int hiddenSize, int numHeads) {
    return numHeads > 0 ? hiddenSize / numHeads : 0;
  }

  /**
   * The share of each head's dimensions that RoPE rotates (Hugging Face's {@code
   * partial_rotary_factor}), in (0, 1]; the leading dimensions rotate, the rest pass through.
   */
  double partialRotaryFactor(JsonNode config);

  /**
   * Rejects keys of {@code config.json} that this decoder cannot run for the family.
   *
   * @throws IllegalArgumentException naming the key and its value
   */
  void checkSupported(JsonNode config);

  /** Which dimensions of a head RoPE rotates together. */
  RotaryPairing rotaryPairing();

  /** Runtime parameters that the family's checkpoints store concatenated in one tensor. */
  List<FusedTensor> fusedTensors();

  /**
   * Writes the family's own keys of {@code config.json}: those read by {@link #qkvBias} and {@link
   * #partialRotaryFactor} ({@link LlamaConfig#toJson} writes the shared ones and {@link
   * #modelType}).
   */
  void putKeys(LlamaConfig config, ObjectNode root);

  /** How RoPE pairs the dimensions {@code [0, rotaryDim)} of a head. */
  enum RotaryPairing {
    /** Llama's rotate-half layout: dimension i rotates with i + rotaryDim/2. */
    HALF_SPLIT,
    /** GLM's layout: dimensions (0,1), (2,3), ... rotate together, one frequency per pair. */
    INTERLEAVED
  }

  /**
   * A checkpoint tensor that holds several runtime parameters of a layer stacked along dimension 0,
   * e.g. GLM's {@code mlp.gate_up_proj.weight} = gate rows, then up rows.
   *
   * @param name the checkpoint tensor's name within a layer, e.g. {@code mlp.gate_up_proj.weight}
   * @param parts the runtime parameters' names within the layer, in row order
   */
  record FusedTensor(String name, List<String> parts) {
    public FusedTensor {
      parts = List.copyOf(parts);
      if (parts.size() < 2) {
        throw new IllegalArgumentException(
            "a fused tensor must have at least 2 parts, but " + name + " had: " + parts);
      }
    }
  }
}
