package ai.spar.progress;

import com.google.common.base.Preconditions;
import java.io.PrintStream;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * The progress of one long task toward a known total. On a terminal ({@code System.console() !=
 * null}, unless {@code SPAR_PROGRESS=log}) it rewrites one line on standard error with the rate and
 * the time left ({@code generate 12/16 instructions 75% | 3.2/s | ETA 0:01 | 3 pairs}), at most
 * {@value #TERMINAL_REFRESH_MILLIS} ms apart, and ends it with a newline when done; elsewhere it
 * logs the same text as one INFO line per update, at most one per {@code logInterval} ms plus the
 * last one. Thread-safe.
 */
public final class ProgressLine {
  static final long TERMINAL_REFRESH_MILLIS = 250;

  private final String task;
  private final String unit;
  private final long total;
  private final Logger log;
  private final long logIntervalMillis;
  private final PrintStream terminal;
  private final LongSupplier clock;
  private final long started;
  private long lastShown = Long.MIN_VALUE / 2;
  private boolean finished;

  ProgressLine(
      String task,
      String unit,
      long total,
      Logger log,
      long logIntervalMillis,
      PrintStream terminal,
      LongSupplier clock) {
    Preconditions.checkArgument(total >= 0, "total must be >= 0, but was: %s", total);
    Preconditions.checkArgument(
        logIntervalMillis >= 0, "logIntervalMillis must be >= 0, but was: %s", logIntervalMillis);
    this.task = task;
    this.unit = unit;
    this.total = total;
    this.log = log;
    this.logIntervalMillis = logIntervalMillis;
    this.terminal = terminal;
    this.clock = clock;
    this.started = clock.getAsLong();
  }

  /**
   * A progress line that draws on the terminal when there is one and logs through {@code log}
   * otherwise.
   *
   * @param task what runs, e.g. {@code generate}
   * @param unit what is counted, plural, e.g. {@code instructions}
   * @param total how many in all
   * @param logIntervalMillis the least time between two log lines (the last update always logs)
   */
  public static ProgressLine start(
      String task, String unit, long total, Logger log, long logIntervalMillis) {
    boolean terminal =
        System.console() != null && !"log".equalsIgnoreCase(System.getenv("SPAR_PROGRESS"));
    return new ProgressLine(
        task,
        unit,
        total,
        log,
        logIntervalMillis,
        terminal ? System.err : null,
        System::currentTimeMillis);
  }

  /** Whether updates draw a live line (a terminal) rather than log lines. */
  public boolean live() {
    return terminal != null;
  }

  /**
   * Reports {@code done} of the total with a short detail ({@code "3 pairs"}, may be empty).
   * Reaching the total ends the line.
   */
  public synchronized void update(long done, String detail) {
    if (finished) {
      return;
    }
    long now = clock.getAsLong();
    boolean last = done >= total;
    long interval = terminal != null ? TERMINAL_REFRESH_MILLIS : logIntervalMillis;
    if (!last && now - lastShown < interval) {
      return;
    }
    lastShown = now;
    String text = render(task, unit, done, total, (now - started) / 1000.0, detail);
    if (terminal != null) {
      // the cursor goes back to the line's start, so other output (log lines) overwrites it
      terminal.print("\r" + text + "\u001B[K" + (last ? "\n" : "\r"));
      terminal.flush();
    } else {
      log.info(text);
    }
    finished = last;
  }

  /**
   * The progress text: {@code task done/total unit pct% | rate/s | ETA m:ss | detail} (no rate and
   * ETA before anything is done; {@code done in m:ss} at the end).
   */
  public static String render(
      String task, String unit, long done, long total, double seconds, String detail) {
    StringBuilder line =
        new StringBuilder(String.format(Locale.ROOT, "%s %d/%d %s", task, done, total, unit));
    if (total > 0) {
      line.append(String.format(Locale.ROOT, " %3d%%", Math.round(100.0 * done / total)));
    }
    if (done > 0 && seconds > 0) {
      double rate = done / seconds;
      line.append(String.format(Locale.ROOT, " | %s/s", rate(rate)));
      if (done >= total) {
        line.append(" | done in ").append(clock(seconds));
      } else {
        line.append(" | ETA ").append(clock((total - done) / rate));
      }
    }
    if (detail != null && !detail.isEmpty()) {
      line.append(" | ").append(detail);
    }
    return line.toString();
  }

  private static String rate(double rate) {
    return rate >= 100
        ? String.format(Locale.ROOT, "%.0f", rate)
        : String.format(Locale.ROOT, rate >= 10 ? "%.1f" : "%.2f", rate);
  }

  /** {@code m:ss}, or {@code h:mm:ss} from an hour on. */
  static String clock(double seconds) {
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
        : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
  }
}
