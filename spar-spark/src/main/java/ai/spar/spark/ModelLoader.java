package ai.spar.spark;

import ai.spar.config.ModelConfig;
import ai.spar.llm.LanguageModel;
import java.io.Serializable;
import java.util.Map;

/**
 * Loads a model replica inside an executor. Implementations are serializable configuration, never a
 * model: the loaded model lives in {@link ExecutorModels}.
 */
@FunctionalInterface
public interface ModelLoader extends Serializable {
  /** Loads the model a key names; called once per key and JVM. */
  LanguageModel load(ModelKey key);

  /**
   * The versions of the runtime this loader's models run on (name to version, e.g. {@code djl}),
   * recorded in the run manifest; none by default.
   */
  default Map<String, String> versions() {
    return Map.of();
  }

  /** The loader of a configuration's backend: the in-JVM runtime or OpenAI-compatible servers. */
  static ModelLoader of(ModelConfig model) {
    return model.backend() == ModelConfig.Backend.OPENAI
        ? OpenAiModelLoader.of(model)
        : new DjlModelLoader(model.maxBatchTokens());
  }
}
