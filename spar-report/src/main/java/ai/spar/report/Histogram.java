package ai.spar.report;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts of values in bins, ready for a bar chart.
 *
 * @param labels one label per bin
 * @param counts one count per bin
 */
record Histogram(List<String> labels, List<Long> counts) {
  Histogram {
    Preconditions.checkArgument(
        labels.size() == counts.size(),
        "labels and counts must be parallel, but had %s and %s entries",
        labels.size(),
        counts.size());
    labels = List.copyOf(labels);
    counts = List.copyOf(counts);
  }

  /** {@code bins} equal bins over [lo, hi]; values outside are clamped into the end bins. */
  static Histogram ofRange(Collection<Double> values, double lo, double hi, int bins) {
    Preconditions.checkArgument(hi > lo, "hi must be > lo, but were: %s, %s", hi, lo);
    Preconditions.checkArgument(bins > 0, "bins must be > 0, but was: %s", bins);
    long[] counts = new long[bins];
    for (double v : values) {
      int bin = (int) Math.floor((v - lo) / (hi - lo) * bins);
      counts[Math.max(0, Math.min(bins - 1, bin))]++;
    }
    List<String> labels = new ArrayList<>();
    List<Long> list = new ArrayList<>();
    for (int i = 0; i < bins; i++) {
      double from = lo + (hi - lo) * i / bins;
      double to = lo + (hi - lo) * (i + 1) / bins;
      labels.add(String.format(Locale.ROOT, "%s-%s", number(from), number(to)));
      list.add(counts[i]);
    }
    return new Histogram(labels, list);
  }

  /** Equal bins from 0 to the largest value (at least 1), for counts such as edit distances. */
  static Histogram ofCounts(Collection<Integer> values, int bins) {
    int max = values.stream().mapToInt(Integer::intValue).max().orElse(0);
    if (max < bins) {
      return ofDistinct(values, max);
    }
    return ofRange(values.stream().map(Integer::doubleValue).toList(), 0, max + 1e-9, bins);
  }

  /** One bin per integer 0..max (max at least the largest value). */
  static Histogram ofDistinct(Collection<Integer> values, int max) {
    Map<Integer, Long> counts = new TreeMap<>();
    int top = Math.max(max, values.stream().mapToInt(Integer::intValue).max().orElse(0));
    for (int i = 0; i <= top; i++) {
      counts.put(i, 0L);
    }
    values.forEach(v -> counts.merge(v, 1L, Long::sum));
    return new Histogram(
        counts.keySet().stream().map(String::valueOf).toList(), List.copyOf(counts.values()));
  }

  private static String number(double v) {
    return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
  }
}
