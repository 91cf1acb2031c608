package ai.spar.miniature;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The change of a prompt-level pass rate between two measurements on the same prompts, as a paired
 * difference: per prompt {@code d = after - before} in {-1, 0, 1}; the mean is the change of the
 * rate and its standard error is {@code sd(d) / sqrt(n)} (sample standard deviation), which depends
 * only on the discordant prompts (McNemar's view: prompts both pass or both fail carry no
 * information about the change). Pure.
 *
 * @param mean {@code rate(after) - rate(before)}
 * @param standardError the standard error of the mean (0 for fewer than two prompts)
 * @param prompts n, the prompts compared
 * @param gained prompts that fail before and pass after
 * @param lost prompts that pass before and fail after
 */
public record PairedDifference(
    double mean, double standardError, int prompts, int gained, int lost) {

  /**
   * The paired difference of two pass vectors over the same prompts, in the same order.
   *
   * @throws IllegalArgumentException if the vectors differ in length or are empty
   */
  public static PairedDifference of(List<Boolean> before, List<Boolean> after) {
    Preconditions.checkArgument(
        before != null && after != null, "before and after must not be null");
    Preconditions.checkArgument(
        before.size() == after.size(),
        "before and after must cover the same prompts, but had %s and %s",
        before.size(),
        after.size());
    Preconditions.checkArgument(!before.isEmpty(), "there must be at least one prompt");
    int n = before.size();
    int gained = 0;
    int lost = 0;
    for (int i = 0; i < n; i++) {
      gained += !before.get(i) && after.get(i) ? 1 : 0;
      lost += before.get(i) && !after.get(i) ? 1 : 0;
    }
    double mean = (double) (gained - lost) / n;
    if (n < 2) {
      return new PairedDifference(mean, 0, n, gained, lost);
    }
    // sum of squares of d about the mean: (gained + lost) values at +-1, the rest at 0
    double squares = gained + lost - n * mean * mean;
    double variance = squares / (n - 1);
    return new PairedDifference(mean, Math.sqrt(variance / n), n, gained, lost);
  }

  /** {@code mean / standardError}: how many standard errors the change is (0 when both are 0). */
  public double standardErrors() {
    return standardError == 0
        ? (mean == 0 ? 0 : Math.signum(mean) * Double.POSITIVE_INFINITY)
        : mean / standardError;
  }

  /**
   * The mean and its standard error over independent repetitions (seeds): the sample standard
   * deviation over {@code sqrt(k)}; 0 for a single value.
   *
   * @param mean the mean of the values
   * @param standardError the standard error of that mean
   * @param count k, the values
   */
  public record OverSeeds(double mean, double standardError, int count) {
    /** The summary of {@code values}, at least one. */
    public static OverSeeds of(List<Double> values) {
      Preconditions.checkArgument(
          values != null && !values.isEmpty(), "values must hold at least one value");
      int k = values.size();
      double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
      if (k < 2) {
        return new OverSeeds(mean, 0, k);
      }
      double squares = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
      return new OverSeeds(mean, Math.sqrt(squares / (k - 1) / k), k);
    }
  }
}
