package ai.spar.llm.llama;

import ai.spar.llm.FinishReason;
import java.util.List;

/**
 * One generated sample in token space.
 *
 * @param tokenIds generated ids (ending with the EOS id when {@code reason} is EOS)
 * @param reason why it ended
 * @param logProb sum of the sampled tokens' log-probabilities under the unmodified distribution
 */
public record DecodedSample(List<Integer> tokenIds, FinishReason reason, double logProb) {
  public DecodedSample {
    tokenIds = List.copyOf(tokenIds);
  }
}
