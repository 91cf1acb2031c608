package ai.spar.llm.sampling;

import java.util.random.RandomGenerator;

/** The most likely token (the lowest id among ties); ignores the generator. */
public record GreedySampler() implements Sampler {
  @Override
  public int sample(float[] logits, RandomGenerator rng) {
    int best = 0;
    for (int i = 1; i < logits.length; i++) {
      if (logits[i] > logits[best]) {
        best = i;
      }
    }
    return best;
  }
}
