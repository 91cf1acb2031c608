package ai.spar.spark;

import ai.spar.llm.LanguageModel;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.PyTorchEngine;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.llm.weights.TensorDType;
import java.util.Map;
import java.util.Optional;

/**
 * Loads Hugging Face Llama-family checkpoints with the in-JVM DJL decoder, after copying them to
 * local disk when they live on a distributed file system.
 *
 * @param maxBatchTokens the runtime's micro-batch token budget
 */
public record DjlModelLoader(int maxBatchTokens) implements ModelLoader {
  /**
   * Cache slots per row when the row cap follows the token budget: a budget above 64 rows of 256
   * slots lets more short sequences decode together (a decode step costs little more for more rows
   * of a small model).
   */
  static final int TOKENS_PER_ROW = 256;

  @Override
  public LanguageModel load(ModelKey key) {
    Optional<TensorDType> dtype =
        switch (key.precision()) {
          case "f32" -> Optional.of(TensorDType.F32);
          case "f16" -> Optional.of(TensorDType.F16);
          default -> Optional.empty();
        };
    RuntimeOptions defaults = RuntimeOptions.defaults();
    RuntimeOptions options =
        new RuntimeOptions(
            key.device(),
            dtype,
            Math.max(defaults.maxBatchRows(), maxBatchTokens / TOKENS_PER_ROW),
            maxBatchTokens,
            defaults.threads(),
            true);
    return DjlLlamaModel.load(ModelLocalizer.localize(key.uri()), options);
  }

  /** DJL's version. */
  @Override
  public Map<String, String> versions() {
    return Map.of("djl", PyTorchEngine.djlVersion());
  }
}
