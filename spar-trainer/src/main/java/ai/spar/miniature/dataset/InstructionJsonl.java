package ai.spar.miniature.dataset;

import ai.spar.miniature.MiniTask;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes instructions as JSON lines in IFEval's row form ({@code id}, {@code prompt}, {@code
 * instruction_id_list}, {@code kwargs}), the input the Spark job and the IFEval scorer read.
 */
public final class InstructionJsonl {
  private InstructionJsonl() {}

  /** Writes one line per task to {@code file} (replacing it), UTF-8. */
  public static void write(List<MiniTask> tasks, Path file) {
    ObjectMapper json = new ObjectMapper();
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (MiniTask task : tasks) {
          out.write(json.writeValueAsString(task.toRow()));
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write instructions to " + file, e);
    }
  }
}
