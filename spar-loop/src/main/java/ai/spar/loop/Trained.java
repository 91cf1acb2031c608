package ai.spar.loop;

import ai.spar.trainer.TrainingResult;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a training step (the actor's DPO or the refiner's SFT) committed. A skipped step (no data)
 * carries only the checkpoint it kept and why; the numbers are then absent ({@code null}).
 *
 * @param checkpoint the model the next iteration starts from (M_{t+1} or R_{t+1})
 * @param skipped why no training ran ({@code M_{t+1} = M_t}), or {@code null} when it ran
 * @param steps optimizer steps
 * @param examples training examples read
 * @param truncated examples cut to the maximum length
 * @param policyTokens tokens the policy trained on
 * @param trainSeconds wall time of the training
 * @param lastMetrics the last step's metrics record ({@code loss}, {@code rewards/margins}, ...)
 */
public record Trained(
    String checkpoint,
    String skipped,
    Integer steps,
    Integer examples,
    Integer truncated,
    Long policyTokens,
    Double trainSeconds,
    Map<String, Object> lastMetrics) {
  public Trained {
    lastMetrics =
        lastMetrics == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(lastMetrics));
  }

  /** A step that kept its starting checkpoint. */
  public static Trained skipped(String checkpoint, String why) {
    return new Trained(checkpoint, why, null, null, null, null, null, null);
  }

  /**
   * A finished training run.
   *
   * @param role {@code actor} or {@code refiner}, for the message when no final model exists
   * @throws IllegalStateException if the run ended without a final model
   */
  public static Trained of(TrainingResult result, String role) {
    Path model =
        result
            .finalModel()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the " + role + "'s training ended without a final model"));
    return new Trained(
        model.toAbsolutePath().toString(),
        null,
        result.steps(),
        result.data().examples(),
        result.data().truncated(),
        result.policyTokens(),
        result.trainSeconds(),
        result.lastMetrics());
  }

  /** Why the step did not train, when it did not. */
  public Optional<String> skippedBecause() {
    return Optional.ofNullable(skipped);
  }
}
