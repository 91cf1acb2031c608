package ai.spar.spark;

import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Logs the job's progress on the driver as tasks finish: instructions done of the total, pairs
 * found, generated tokens per second. At most one line every {@value #INTERVAL_MILLIS} ms.
 */
final class ProgressListener extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressListener.class);
  static final long INTERVAL_MILLIS = 10_000;

  private final long total;
  private final long started = System.currentTimeMillis();
  private long instructions;
  private long pairs;
  private long tokens;
  private long lastLog;

  ProgressListener(long total) {
    this.total = total;
  }

  /** Counts a chunk reused from an interrupted run as done. */
  synchronized void resumed(long resumedInstructions, long resumedPairs) {
    instructions += resumedInstructions;
    pairs += resumedPairs;
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (taskEnd.taskInfo() == null) {
      return;
    }
    for (AccumulableInfo info : CollectionConverters.asJava(taskEnd.taskInfo().accumulables())) {
      if (info.name().isEmpty() || info.update().isEmpty()) {
        continue;
      }
      long update = ((Number) info.update().get()).longValue();
      switch (info.name().get()) {
        case JobCounters.INSTRUCTIONS -> instructions += update;
        case JobCounters.PAIRS -> pairs += update;
        case JobCounters.TOKENS -> tokens += update;
        default -> {}
      }
    }
    long now = System.currentTimeMillis();
    if (now - lastLog >= INTERVAL_MILLIS || instructions >= total) {
      lastLog = now;
      double seconds = Math.max(1e-3, (now - started) / 1000.0);
      LOG.info(
          "progress: {}/{} instructions, {} pairs, {} tokens generated ({} tokens/s)",
          instructions,
          total,
          pairs,
          tokens,
          String.format(java.util.Locale.ROOT, "%.1f", tokens / seconds));
    }
  }
}
