package ai.spar.llm;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * One sampled continuation.
 *
 * @param text decoded text, without the end-of-sequence token or matched stop string
 * @param tokenIds the generated token ids (including a final end-of-sequence token when {@code
 *     finishReason} is EOS)
 * @param finishReason why generation ended
 * @param logProb sum of the natural-log probabilities of the sampled tokens under the unmodified
 *     model distribution (temperature 1, no filtering)
 */
public record Completion(
    String text, List<Integer> tokenIds, FinishReason finishReason, double logProb) {
  public Completion {
    Preconditions.checkArgument(text != null, "text must not be null");
    Preconditions.checkArgument(finishReason != null, "finishReason must not be null");
    tokenIds = List.copyOf(tokenIds);
  }

  public int completionTokens() {
    return tokenIds.size();
  }
}
