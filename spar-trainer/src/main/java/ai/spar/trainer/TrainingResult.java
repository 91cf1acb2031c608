package ai.spar.trainer;

import ai.spar.trainer.tokens.TokenizationReport;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What a run did.
 *
 * @param finalModel the final model directory, or empty when the run stopped early ({@code
 *     stopAfterSteps})
 * @param steps optimizer steps completed overall
 * @param totalSteps optimizer steps of the whole run
 * @param resumedFrom the checkpoint the run continued from, if any
 * @param data what tokenization and the cutoff did
 * @param policyTokens tokens forwarded through the policy by this process
 * @param trainSeconds seconds spent in optimizer steps by this process
 * @param optimizerSeconds the part of {@code trainSeconds} spent in the gradient norm and the AdamW
 *     update (the rest is forward and backward passes)
 * @param referenceSeconds seconds spent on reference log-probs (0 for SFT; near 0 when read from
 *     the cache)
 * @param referenceCached whether the reference log-probs came from the cache
 * @param lastMetrics the last step's metrics record
 * @param threads the PyTorch intra-op threads the run computed with (0: PyTorch's default)
 */
public record TrainingResult(
    Optional<Path> finalModel,
    int steps,
    int totalSteps,
    Optional<Path> resumedFrom,
    TokenizationReport data,
    long policyTokens,
    double trainSeconds,
    double optimizerSeconds,
    double referenceSeconds,
    boolean referenceCached,
    Map<String, Object> lastMetrics,
    int threads) {
  public TrainingResult {
    lastMetrics = Map.copyOf(lastMetrics);
  }

  /** Policy training tokens per second of optimizer-step time. */
  public double tokensPerSecond() {
    return trainSeconds == 0 ? 0 : policyTokens / trainSeconds;
  }
}
