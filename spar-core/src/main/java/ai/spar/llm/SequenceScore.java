package ai.spar.llm;

import java.util.List;
import java.util.Optional;

/**
 * Log-probabilities of a continuation.
 *
 * @param logProb sum of {@code tokenLogProbs}
 * @param tokenLogProbs natural-log probability of each continuation token given everything before
 *     it
 * @param promptTokens number of prompt tokens
 * @param error why the request could not be scored, if it could not
 */
public record SequenceScore(
    double logProb, List<Double> tokenLogProbs, int promptTokens, Optional<String> error) {
  public SequenceScore {
    tokenLogProbs = List.copyOf(tokenLogProbs);
  }

  public static SequenceScore failed(String error) {
    return new SequenceScore(Double.NaN, List.of(), 0, Optional.of(error));
  }

  public boolean isOk() {
    return error.isEmpty();
  }
}
