package ai.spar.trainer;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON object per line to {@code metrics.jsonl} (appending across restarts) and logs it.
 */
final class MetricsLog {
  private static final Logger LOG = LoggerFactory.getLogger(MetricsLog.class);
  static final String FILE = "metrics.jsonl";

  private final Path file;
  private final ObjectMapper json = new ObjectMapper();

  MetricsLog(Path output) {
    this.file = output.resolve(FILE);
  }

  Path file() {
    return file;
  }

  /** Appends a record and logs it on one line. */
  void write(Map<String, Object> record) {
    write(record, true);
  }

  /**
   * Appends a record, and logs it on one line when {@code log} (a live progress line on a terminal
   * shows the steps instead).
   */
  void write(Map<String, Object> record, boolean log) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file,
          json.writeValueAsString(record) + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + file, e);
    }
    if (!log) {
      return;
    }
    LOG.info(
        record.entrySet().stream()
            .map(e -> e.getKey() + "=" + format(e.getValue()))
            .collect(Collectors.joining(" ")));
  }

  private static String format(Object value) {
    if (value instanceof Double d) {
      return String.format(Locale.ROOT, "%.6g", d);
    }
    return String.valueOf(value);
  }
}
