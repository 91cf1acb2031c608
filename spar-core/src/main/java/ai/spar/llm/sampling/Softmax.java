package ai.spar.llm.sampling;

/** Numerically stable softmax and log-softmax of a row of logits, in double precision. */
public final class Softmax {
  private Softmax() {}

  /** Probabilities (masked logits of negative infinity get probability 0). */
  public static double[] probabilities(float[] logits) {
    double max = max(logits);
    double[] probs = new double[logits.length];
    double sum = 0;
    for (int i = 0; i < logits.length; i++) {
      probs[i] = Math.exp(logits[i] - max);
      sum += probs[i];
    }
    for (int i = 0; i < probs.length; i++) {
      probs[i] /= sum;
    }
    return probs;
  }

  /** The natural-log probability of {@code token} under softmax of the logits. */
  public static double logProbability(float[] logits, int token) {
    double max = max(logits);
    double sum = 0;
    for (float l : logits) {
      sum += Math.exp(l - max);
    }
    return logits[token] - max - Math.log(sum);
  }

  private static double max(float[] logits) {
    double max = Double.NEGATIVE_INFINITY;
    for (float l : logits) {
      max = Math.max(max, l);
    }
    return max;
  }
}
