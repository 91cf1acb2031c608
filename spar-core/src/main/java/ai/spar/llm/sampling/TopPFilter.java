package ai.spar.llm.sampling;

import com.google.common.base.Preconditions;
import java.util.Arrays;
import java.util.Comparator;

/**
 * Nucleus filtering: keeps the most likely tokens whose cumulative probability first reaches {@code
 * p} (the token that crosses {@code p} is kept; at least one token is kept), masking the rest.
 */
public record TopPFilter(double p) implements LogitsFilter {
  public TopPFilter {
    Preconditions.checkArgument(p > 0 && p <= 1, "topP must be in (0, 1], but was: %s", p);
  }

  @Override
  public void apply(float[] logits) {
    if (p >= 1.0) {
      return;
    }
    double[] probs = Softmax.probabilities(logits);
    Integer[] order = new Integer[logits.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order, Comparator.comparingDouble((Integer i) -> -probs[i]).thenComparingInt(i -> i));
    double cumulative = 0;
    int kept = 0;
    while (kept < order.length && (kept == 0 || cumulative < p)) {
      cumulative += probs[order[kept]];
      kept++;
    }
    for (int i = kept; i < order.length; i++) {
      logits[order[i]] = Float.NEGATIVE_INFINITY;
    }
  }
}
