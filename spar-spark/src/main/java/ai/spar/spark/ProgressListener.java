package ai.spar.spark;

import ai.spar.progress.ProgressLine;
import org.apache.spark.scheduler.AccumulableInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Shows the job's progress on the driver as tasks finish: instructions done of the total with rate
 * and time left, pairs found, generated tokens per second. A live line on a terminal; in logs at
 * most one line every {@value #INTERVAL_MILLIS} ms ({@link ProgressLine}).
 */
final class ProgressListener extends SparkListener {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressListener.class);
  static final long INTERVAL_MILLIS = 10_000;

  private final ProgressLine progress;
  private final long started = System.currentTimeMillis();
  private long instructions;
  private long pairs;
  private long tokens;

  ProgressListener(long total) {
    this.progress = ProgressLine.start("generate", "instructions", total, LOG, INTERVAL_MILLIS);
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
    double seconds = Math.max(1e-3, (System.currentTimeMillis() - started) / 1000.0);
    progress.update(
        instructions,
        String.format(
            java.util.Locale.ROOT, "%d pairs | %.1f tokens/s generated", pairs, tokens / seconds));
  }
}
