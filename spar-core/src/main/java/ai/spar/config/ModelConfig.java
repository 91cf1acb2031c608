package ai.spar.config;

import com.google.common.base.Preconditions;
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
 */
public record ModelConfig(
    String actor, String refiner, String device, String precision, int maxBatchTokens) {
  /** The embedded demo model, prepared on first use (see README). */
  public static final String DEFAULT_ACTOR = "work/models/demo";

  public static final String DEFAULT_DEVICE = "auto";
  public static final String DEFAULT_PRECISION = "auto";
  public static final int DEFAULT_MAX_BATCH_TOKENS = 16_384;
  private static final Set<String> PRECISIONS = Set.of("auto", "f32", "f16");

  public ModelConfig {
    Preconditions.checkArgument(
        actor != null && !actor.isBlank(), "model.actor must name a model directory");
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
    Preconditions.checkArgument(
        maxBatchTokens >= 256,
        "model.max_batch_tokens must be >= 256, but was: %s",
        maxBatchTokens);
  }

  public static ModelConfig defaults() {
    return new ModelConfig(
        DEFAULT_ACTOR, "", DEFAULT_DEVICE, DEFAULT_PRECISION, DEFAULT_MAX_BATCH_TOKENS);
  }

  /** The refiner's model directory: the configured one, or the actor's. */
  public String refinerOrActor() {
    return refiner.isEmpty() ? actor : refiner;
  }

  public ModelConfig withActor(String newActor) {
    return new ModelConfig(newActor, refiner, device, precision, maxBatchTokens);
  }

  public ModelConfig withRefiner(String newRefiner) {
    return new ModelConfig(actor, newRefiner, device, precision, maxBatchTokens);
  }
}
