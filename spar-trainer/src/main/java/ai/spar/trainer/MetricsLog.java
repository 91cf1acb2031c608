package ai.spar.trainer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON object per line to {@code metrics.jsonl} (appending across restarts, cut back to
 * the resumed step first) and logs it.
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

  /** Deletes an output's metrics file, if any. */
  static void delete(Path output) {
    try {
      Files.deleteIfExists(output.resolve(FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + output.resolve(FILE), e);
    }
  }

  /**
   * Cuts the file back to the state of a run at {@code step}: every line from the first step record
   * past {@code step} on is dropped (a killed run logged them after its last checkpoint, and the
   * resumed run logs them again). At step 0 the file is emptied.
   */
  void truncateAfter(int step) {
    if (!Files.exists(file)) {
      return;
    }
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> kept = new ArrayList<>();
      if (step > 0) {
        for (String line : lines) {
          JsonNode node = json.readTree(line);
          if (node.has("step") && node.get("step").asInt() > step) {
            break;
          }
          kept.add(line);
        }
      }
      if (kept.size() < lines.size()) {
        LOG.info(
            "{}: dropped {} lines logged after step {} by an interrupted run",
            file,
            lines.size() - kept.size(),
            step);
        Files.write(file, kept, StandardCharsets.UTF_8);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot truncate " + file, e);
    }
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
