package ai.spar.llm.llama;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The registry of supported {@link ModelFamily families}, by Hugging Face architecture name: the
 * one place a new family is added.
 */
public final class ModelFamilies {
  private static final List<ModelFamily> FAMILIES =
      List.of(LlamaFamily.LLAMA, LlamaFamily.MISTRAL, LlamaFamily.QWEN2, GlmFamily.INSTANCE);

  private static final Map<String, ModelFamily> BY_ARCHITECTURE = new LinkedHashMap<>();

  static {
    FAMILIES.forEach(f -> BY_ARCHITECTURE.put(f.architecture(), f));
  }

  private ModelFamilies() {}

  /** Every supported architecture name, in registration order. */
  public static Set<String> architectures() {
    return java.util.Collections.unmodifiableSet(BY_ARCHITECTURE.keySet());
  }

  /**
   * The family of an architecture.
   *
   * @throws IllegalArgumentException naming the architecture and the supported ones
   */
  public static ModelFamily of(String architecture) {
    ModelFamily family = BY_ARCHITECTURE.get(architecture);
    if (family == null) {
      throw new IllegalArgumentException(
          "architectures must be one of " + architectures() + ", but was: " + architecture);
    }
    return family;
  }
}
