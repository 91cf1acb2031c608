package ai.spar.llm;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * How to sample completions.
 *
 * @param temperature softmax temperature, {@code >= 0}; 0 means greedy (argmax)
 * @param topP nucleus mass in (0, 1]; 1 disables nucleus filtering
 * @param topK keep the k most likely tokens, {@code >= 0}; 0 disables top-k filtering
 * @param maxNewTokens maximum number of generated tokens, {@code >= 1}
 * @param n number of completions for the request, {@code >= 1}; they share the prompt's prefill
 * @param stop strings that end a completion; the matched stop string is not part of the returned
 *     text
 * @param seed seed of the request; completion {@code i} draws from a generator seeded by (seed, i),
 *     so the same request and seed give the same text on the same machine
 */
public record SamplingParams(
    double temperature,
    double topP,
    int topK,
    int maxNewTokens,
    int n,
    List<String> stop,
    long seed) {

  public static final double DEFAULT_TEMPERATURE = 1.0;
  public static final double DEFAULT_TOP_P = 1.0;
  public static final int DEFAULT_TOP_K = 0;
  public static final int DEFAULT_MAX_NEW_TOKENS = 256;

  public SamplingParams {
    Preconditions.checkArgument(
        temperature >= 0 && Double.isFinite(temperature),
        "temperature must be a finite number >= 0, but was: %s",
        temperature);
    Preconditions.checkArgument(topP > 0 && topP <= 1, "topP must be in (0, 1], but was: %s", topP);
    Preconditions.checkArgument(topK >= 0, "topK must be >= 0 (0 disables it), but was: %s", topK);
    Preconditions.checkArgument(
        maxNewTokens >= 1, "maxNewTokens must be >= 1, but was: %s", maxNewTokens);
    Preconditions.checkArgument(n >= 1, "n must be >= 1, but was: %s", n);
    stop = stop == null ? List.of() : List.copyOf(stop);
    for (String s : stop) {
      Preconditions.checkArgument(!s.isEmpty(), "stop strings must not be empty");
    }
  }

  /** Greedy decoding of one completion. */
  public static SamplingParams greedy(int maxNewTokens) {
    return new SamplingParams(0, 1, 0, maxNewTokens, 1, List.of(), 0L);
  }

  /** Sampling at the given temperature and nucleus, one completion. */
  public static SamplingParams sample(
      double temperature, double topP, int maxNewTokens, long seed) {
    return new SamplingParams(temperature, topP, 0, maxNewTokens, 1, List.of(), seed);
  }

  public boolean isGreedy() {
    return temperature == 0;
  }

  public SamplingParams withN(int newN) {
    return new SamplingParams(temperature, topP, topK, maxNewTokens, newN, stop, seed);
  }

  public SamplingParams withSeed(long newSeed) {
    return new SamplingParams(temperature, topP, topK, maxNewTokens, n, stop, newSeed);
  }

  public SamplingParams withMaxNewTokens(int newMax) {
    return new SamplingParams(temperature, topP, topK, newMax, n, stop, seed);
  }

  public SamplingParams withStop(List<String> newStop) {
    return new SamplingParams(temperature, topP, topK, maxNewTokens, n, newStop, seed);
  }
}
