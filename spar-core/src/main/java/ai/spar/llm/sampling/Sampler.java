package ai.spar.llm.sampling;

import ai.spar.llm.SamplingParams;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Chooses the next token from one row of logits. Implementations are stateless and thread-safe; all
 * randomness comes from the generator passed in.
 */
public interface Sampler {

  /**
   * Picks a token.
   *
   * @param logits unnormalized scores over the vocabulary; not modified
   * @param rng the completion's generator
   */
  int sample(float[] logits, RandomGenerator rng);

  /**
   * The sampler for request parameters: greedy at temperature 0, else temperature, top-k, top-p,
   * then a draw.
   */
  static Sampler of(SamplingParams params) {
    if (params.isGreedy()) {
      return new GreedySampler();
    }
    List<LogitsFilter> filters = new ArrayList<>();
    filters.add(new TemperatureFilter(params.temperature()));
    if (params.topK() > 0) {
      filters.add(new TopKFilter(params.topK()));
    }
    if (params.topP() < 1) {
      filters.add(new TopPFilter(params.topP()));
    }
    return new FilteredSampler(filters);
  }

  /**
   * The generator of completion {@code sampleIndex} of a request: a function of (seed, index) only,
   * so a completion does not depend on how requests were batched.
   */
  static RandomGenerator generator(long requestSeed, int sampleIndex) {
    long mixed =
        new SplittableRandom(requestSeed).split().nextLong()
            ^ (0x9E3779B97F4A7C15L * (sampleIndex + 1L));
    return new SplittableRandom(mixed);
  }
}
