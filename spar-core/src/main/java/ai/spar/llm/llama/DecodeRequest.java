package ai.spar.llm.llama;

import ai.spar.llm.sampling.Sampler;
import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Set;

/**
 * One prompt of a decode batch, in token space.
 *
 * @param prompt prompt token ids, non-empty
 * @param n number of samples sharing the prompt's prefill
 * @param firstSample index of the first of these samples within its request (samples of one request
 *     may be split across batches); sample {@code firstSample + i} draws from {@code
 *     generator(seed, firstSample + i)}
 * @param maxNewTokens per-sample limit
 * @param sampler how tokens are chosen
 * @param seed the request's seed (see {@link Sampler#generator(long, int)})
 * @param eosTokenIds ids that end a sample (kept as its last id)
 * @param stop tells whether the generated ids so far end in a stop string
 */
public record DecodeRequest(
    int[] prompt,
    int n,
    int firstSample,
    int maxNewTokens,
    Sampler sampler,
    long seed,
    Set<Integer> eosTokenIds,
    StopCondition stop) {

  public DecodeRequest {
    Preconditions.checkArgument(prompt.length > 0, "prompt must not be empty");
    Preconditions.checkArgument(n >= 1, "n must be >= 1, but was: %s", n);
    Preconditions.checkArgument(
        firstSample >= 0, "firstSample must be >= 0, but was: %s", firstSample);
    Preconditions.checkArgument(
        maxNewTokens >= 1, "maxNewTokens must be >= 1, but was: %s", maxNewTokens);
    eosTokenIds = Set.copyOf(eosTokenIds);
  }

  /** Decides whether a sample has hit a stop string. */
  @FunctionalInterface
  public interface StopCondition {
    StopCondition NEVER = generated -> false;

    boolean stopped(List<Integer> generated);
  }
}
