package ai.spar.llm.sampling;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Applies filters in order to a copy of the logits, then draws from the resulting categorical
 * distribution.
 */
public record FilteredSampler(List<LogitsFilter> filters) implements Sampler {
  public FilteredSampler {
    filters = List.copyOf(filters);
  }

  @Override
  public int sample(float[] logits, RandomGenerator rng) {
    float[] work = logits.clone();
    for (LogitsFilter filter : filters) {
      filter.apply(work);
    }
    double[] probs = Softmax.probabilities(work);
    double u = rng.nextDouble();
    double cumulative = 0;
    int last = 0;
    for (int i = 0; i < probs.length; i++) {
      if (probs[i] > 0) {
        cumulative += probs[i];
        last = i;
        if (u < cumulative) {
          return i;
        }
      }
    }
    return last;
  }
}
