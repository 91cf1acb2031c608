package ai.spar.miniature;

import ai.spar.llm.tokenizer.HfTokenizer;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The small byte-level BPE tokenizer bundled in the spar-miniature jar (447 ids, Llama-3-style
 * special tokens and chat template; see the README beside the resource), for random-weight demo and
 * benchmark checkpoints made without a checkout.
 */
public final class DemoTokenizer {
  private static final String RESOURCE_DIR = "/ai/spar/miniature/demo-tokenizer/";

  /** The files the bundle holds, copied by {@link #copyTo}. */
  public static final List<String> FILES = List.of(HfTokenizer.FILE, "tokenizer_config.json");

  private DemoTokenizer() {}

  /**
   * Writes the tokenizer files into {@code directory} (created if missing; existing files are
   * replaced), ready for {@link HfTokenizer#load} or a checkpoint writer.
   *
   * @return {@code directory}
   */
  public static Path copyTo(Path directory) {
    Preconditions.checkArgument(directory != null, "directory must not be null");
    try {
      Files.createDirectories(directory);
      for (String name : FILES) {
        try (InputStream in = DemoTokenizer.class.getResourceAsStream(RESOURCE_DIR + name)) {
          Preconditions.checkState(in != null, "missing resource %s%s", RESOURCE_DIR, name);
          Files.copy(in, directory.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the demo tokenizer to " + directory, e);
    }
    return directory;
  }
}
