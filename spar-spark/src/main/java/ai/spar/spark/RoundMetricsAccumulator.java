package ai.spar.spark;

import org.apache.spark.util.AccumulatorV2;

/**
 * Sums the {@link ChunkMetrics} of the rounds of a Spark job. The job's rounds run in the tasks of
 * the write's result stage, whose accumulator updates Spark merges once per partition, from the
 * successful attempt only (failed attempts are not counted, a speculative duplicate is dropped):
 * the value is exact under task retries. Registered without a name, so it stays out of the progress
 * listener's counters ({@link JobCounters}).
 */
final class RoundMetricsAccumulator extends AccumulatorV2<ChunkMetrics, ChunkMetrics> {
  private static final long serialVersionUID = 1L;

  private ChunkMetrics sum = ChunkMetrics.NONE;

  @Override
  public boolean isZero() {
    return sum.equals(ChunkMetrics.NONE);
  }

  @Override
  public RoundMetricsAccumulator copy() {
    RoundMetricsAccumulator copy = new RoundMetricsAccumulator();
    copy.sum = sum;
    return copy;
  }

  @Override
  public void reset() {
    sum = ChunkMetrics.NONE;
  }

  @Override
  public void add(ChunkMetrics metrics) {
    sum = sum.plus(metrics);
  }

  @Override
  public void merge(AccumulatorV2<ChunkMetrics, ChunkMetrics> other) {
    sum = sum.plus(other.value());
  }

  @Override
  public ChunkMetrics value() {
    return sum;
  }
}
