package ai.spar.config;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which checkpoints play the actor and the refiner, and where they run.
 *
 * @param actor the actor's Hugging Face model directory (local path or any Hadoop file system URI)
 * @param refiner the refiner's model directory; empty means the actor's (the paper's setup: one
 *     base model)
 * @param device {@code auto} (a GPU when one is assigned or visible, else the CPU), {@code cpu} or
 *     {@code gpu:N}
 * @param precision {@code auto} (float32 on CPU, float16 on GPU), {@code f32} or {@code f16}
 * @param maxBatchTokens token budget of one forward micro-batch (prompt plus generated positions of
 *     all rows)
 * @param backend {@code djl} (the in-JVM runtime; actor and refiner are model directories) or
 *     {@code openai} (OpenAI-compatible servers; actor and refiner are served model names)
 * @param endpoints base URLs of the servers ({@code http://host:8000/v1}) for the openai backend
 * @param apiKeyEnv environment variable holding the servers' API key, empty for none
 * @param apiKeyFile file holding the API key (first line), empty for none; read on the executors
 * @param maxConcurrency most requests in flight per endpoint and executor (openai backend)
 * @param maxAttempts tries per request before it becomes an ERROR result (openai backend)
 * @param timeoutSeconds per HTTP request (openai backend)
 */
public record ModelConfig(
    String actor,
    String refiner,
    String device,
    String precision,
    int maxBatchTokens,
    Backend backend,
    List<String> endpoints,
    String apiKeyEnv,
    String apiKeyFile,
    int maxConcurrency,
    int maxAttempts,
    int timeoutSeconds) {
  /** Where the models run. */
  public enum Backend {
    /** The in-JVM DJL runtime, one replica per executor. */
    DJL,
    /** OpenAI-compatible HTTP servers (vLLM, SGLang, spar serve). */
    OPENAI
  }

  public static final int DEFAULT_MAX_CONCURRENCY = 64;
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final int DEFAULT_TIMEOUT_SECONDS = 600;

  /**
   * No default model: {@code model.actor} must be configured before a run loads one (see {@link
   * #requiredActor}); there is no silent stand-in.
   */
  public static final String DEFAULT_ACTOR = "";

  public static final String DEFAULT_DEVICE = "auto";
  public static final String DEFAULT_PRECISION = "auto";
  public static final int DEFAULT_MAX_BATCH_TOKENS = 16_384;
  private static final Set<String> PRECISIONS = Set.of("auto", "f32", "f16");

  public ModelConfig {
    actor = actor == null ? "" : actor.strip();
    refiner = refiner == null ? "" : refiner.strip();
    Preconditions.checkArgument(
        device != null && device.toLowerCase(Locale.ROOT).matches("auto|cpu|gpu:\\d+"),
        "model.device must be auto, cpu or gpu:N, but was: %s",
        device);
    device = device.toLowerCase(Locale.ROOT);
    Preconditions.checkArgument(
        precision != null && PRECISIONS.contains(precision.toLowerCase(Locale.ROOT)),
        "model.precision must be one of auto, f32, f16, but was: %s",
        precision);
    precision = precision.toLowerCase(Locale.ROOT);
    Checks.atLeast("model.max_batch_tokens", maxBatchTokens, 256);
    backend = backend == null ? Backend.DJL : backend;
    endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
    Preconditions.checkArgument(
        backend != Backend.OPENAI || !endpoints.isEmpty(),
        "model.endpoints must list at least one server URL (http://host:8000/v1) when"
            + " model.backend is openai");
    for (String endpoint : endpoints) {
      Preconditions.checkArgument(
          endpoint.startsWith("http://") || endpoint.startsWith("https://"),
          "model.endpoints must be http(s) URLs such as http://host:8000/v1, but one was: %s",
          endpoint);
    }
    apiKeyEnv = apiKeyEnv == null ? "" : apiKeyEnv.strip();
    apiKeyFile = apiKeyFile == null ? "" : apiKeyFile.strip();
    Checks.atLeast("model.max_concurrency", maxConcurrency, 1);
    Checks.atLeast("model.max_attempts", maxAttempts, 1);
    Checks.atLeast("model.timeout_seconds", timeoutSeconds, 1);
  }

  public static ModelConfig defaults() {
    return new ModelConfig(
        DEFAULT_ACTOR,
        "",
        DEFAULT_DEVICE,
        DEFAULT_PRECISION,
        DEFAULT_MAX_BATCH_TOKENS,
        Backend.DJL,
        List.of(),
        "",
        "",
        DEFAULT_MAX_CONCURRENCY,
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_TIMEOUT_SECONDS);
  }

  /**
   * The actor, for a run that loads it: stops with a message naming {@code model.actor} when none
   * is configured.
   */
  public String requiredActor() {
    Preconditions.checkArgument(
        !actor.isEmpty(),
        "model.actor is not set: name the actor's Hugging Face checkpoint directory (a local path or"
            + " any Hadoop file system URI; with model.backend: openai, the served model name) in"
            + " the configuration file or with --set model.actor=PATH. To try SPaR without a model"
            + " of your own: bin/spar demo (the shipped miniature model)");
    return actor;
  }

  /** The refiner's model directory: the configured one, or the actor's. */
  public String refinerOrActor() {
    return refiner.isEmpty() ? actor : refiner;
  }

  public ModelConfig withActor(String newActor) {
    return withModels(newActor, refiner);
  }

  public ModelConfig withRefiner(String newRefiner) {
    return withModels(actor, newRefiner);
  }

  /** This configuration with other actor and refiner models (validated like any other). */
  public ModelConfig withModels(String newActor, String newRefiner) {
    return new ModelConfig(
        newActor,
        newRefiner,
        device,
        precision,
        maxBatchTokens,
        backend,
        endpoints,
        apiKeyEnv,
        apiKeyFile,
        maxConcurrency,
        maxAttempts,
        timeoutSeconds);
  }
}
