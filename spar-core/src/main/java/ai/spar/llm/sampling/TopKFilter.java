package ai.spar.llm.sampling;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/** Keeps the {@code k} largest logits (and any tied with the k-th), masking the rest. */
public record TopKFilter(int k) implements LogitsFilter {
  public TopKFilter {
    Preconditions.checkArgument(k >= 1, "topK must be >= 1, but was: %s", k);
  }

  @Override
  public void apply(float[] logits) {
    if (k >= logits.length) {
      return;
    }
    float[] sorted = logits.clone();
    Arrays.sort(sorted);
    float threshold = sorted[sorted.length - k];
    for (int i = 0; i < logits.length; i++) {
      if (logits[i] < threshold) {
        logits[i] = Float.NEGATIVE_INFINITY;
      }
    }
  }
}
