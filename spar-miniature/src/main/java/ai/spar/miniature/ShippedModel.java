package ai.spar.miniature;

import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import com.google.common.io.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miniature base model this module ships (a 4M-parameter Llama this project trained from
 * scratch on its synthesized tasks; see the README beside the resource): a classpath resource
 * folder, copied to a directory before use. Only this module's jar carries it, never the
 * application jar of the Spark job.
 */
public final class ShippedModel {
  private static final Logger LOG = LoggerFactory.getLogger(ShippedModel.class);

  /** The checkpoint's files. */
  public static final List<String> FILES =
      List.of(
          "config.json",
          "generation_config.json",
          "model.safetensors",
          "tokenizer.json",
          "tokenizer_config.json");

  /** The resource folder holding {@link #FILES}. */
  public static final String RESOURCE = "ai/spar/miniature/model/";

  private ShippedModel() {}

  /**
   * The shipped model copied to {@code dir}. A copy is reused while its weights equal the shipped
   * ones and replaced when this build ships another model; the copy lands in a sibling folder
   * first, so an interrupted copy never looks complete.
   *
   * @return {@code dir}
   */
  public static Path copyTo(Path dir) {
    try {
      if (Files.exists(dir.resolve("model.safetensors"))) {
        if (sameWeights(dir)) {
          return dir;
        }
        LOG.info("{} holds another miniature model than this build ships: replacing it", dir);
        MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
      }
      LOG.info("copying the miniature model to {}", dir.toAbsolutePath());
      Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
      Files.createDirectories(partial);
      for (String name : FILES) {
        try (InputStream in = open(name)) {
          Files.copy(in, partial.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the miniature model to " + dir, e);
    }
    return dir;
  }

  private static InputStream open(String name) throws IOException {
    InputStream in = ShippedModel.class.getClassLoader().getResourceAsStream(RESOURCE + name);
    if (in == null) {
      throw new IOException("missing resource " + RESOURCE + name + " (spar-miniature jar)");
    }
    return in;
  }

  private static boolean sameWeights(Path dir) throws IOException {
    return Resources.asByteSource(
            ShippedModel.class.getClassLoader().getResource(RESOURCE + "model.safetensors"))
        .contentEquals(MoreFiles.asByteSource(dir.resolve("model.safetensors")));
  }
}
