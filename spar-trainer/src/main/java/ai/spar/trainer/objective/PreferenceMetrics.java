package ai.spar.trainer.objective;

import com.google.common.base.Preconditions;

/**
 * The reward statistics of a batch of pairs, as common DPO trainers log them (means over the
 * pairs).
 *
 * @param rewardsChosen mean {@code beta * (lp(y+) - lr(y+))}
 * @param rewardsRejected mean {@code beta * (lp(y-) - lr(y-))}
 * @param rewardsAccuracy share of pairs whose chosen reward exceeds the rejected one
 * @param rewardsMargin mean of chosen minus rejected reward
 * @param logpsChosen mean policy log-probability of the chosen responses
 * @param logpsRejected mean policy log-probability of the rejected responses
 */
public record PreferenceMetrics(
    double rewardsChosen,
    double rewardsRejected,
    double rewardsAccuracy,
    double rewardsMargin,
    double logpsChosen,
    double logpsRejected) {

  /** The metrics of one batch from per-pair log-probabilities. */
  public static PreferenceMetrics of(
      float[] policyChosen,
      float[] policyRejected,
      float[] referenceChosen,
      float[] referenceRejected,
      double beta) {
    int n = policyChosen.length;
    Preconditions.checkArgument(n > 0, "at least one pair is needed");
    Preconditions.checkArgument(
        policyRejected.length == n && referenceChosen.length == n && referenceRejected.length == n,
        "all arrays must have %s entries",
        n);
    double chosen = 0;
    double rejected = 0;
    double accurate = 0;
    double lpChosen = 0;
    double lpRejected = 0;
    for (int i = 0; i < n; i++) {
      double rc = beta * ((double) policyChosen[i] - referenceChosen[i]);
      double rr = beta * ((double) policyRejected[i] - referenceRejected[i]);
      chosen += rc;
      rejected += rr;
      accurate += rc > rr ? 1 : 0;
      lpChosen += policyChosen[i];
      lpRejected += policyRejected[i];
    }
    return new PreferenceMetrics(
        chosen / n,
        rejected / n,
        accurate / n,
        (chosen - rejected) / n,
        lpChosen / n,
        lpRejected / n);
  }

  /** The weighted mean of several batches' metrics (weights: pairs per batch). */
  public static PreferenceMetrics mean(
      java.util.List<PreferenceMetrics> parts, java.util.List<Integer> weights) {
    double total = 0;
    double[] sums = new double[6];
    for (int i = 0; i < parts.size(); i++) {
      PreferenceMetrics m = parts.get(i);
      double w = weights.get(i);
      total += w;
      sums[0] += w * m.rewardsChosen;
      sums[1] += w * m.rewardsRejected;
      sums[2] += w * m.rewardsAccuracy;
      sums[3] += w * m.rewardsMargin;
      sums[4] += w * m.logpsChosen;
      sums[5] += w * m.logpsRejected;
    }
    Preconditions.checkArgument(total > 0, "weights must sum to > 0");
    return new PreferenceMetrics(
        sums[0] / total,
        sums[1] / total,
        sums[2] / total,
        sums[3] / total,
        sums[4] / total,
        sums[5] / total);
  }
}
