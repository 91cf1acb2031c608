package ai.spar.miniature.dataset;

import ai.spar.miniature.MiniTask;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes instructions as JSON lines in IFEval's row form ({@code key}: the 1-based line number,
 * {@code id}, {@code prompt}, {@code instruction_id_list}, {@code kwargs}), which both the Spark
 * job (it prefers {@code id}) and the IFEval evaluation (it needs the integer {@code key}) read.
 */
public final class InstructionJsonl {
  private InstructionJsonl() {}

  /** Writes one line per task to {@code file} (replacing it), UTF-8. */
  public static void write(List<MiniTask> tasks, Path file) {
    ObjectMapper json = new ObjectMapper();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        long key = 1;
        for (MiniTask task : tasks) {
          Map<String, Object> row = new LinkedHashMap<>();
          row.put("key", key++);
          row.putAll(task.toRow());
          out.write(json.writeValueAsString(row));
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write instructions to " + file, e);
    }
  }
}
