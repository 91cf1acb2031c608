package ai.spar.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the shared test fixtures in {@code spar-test-support/fixtures} of the checkout.
 *
 * <p>The build passes the checkout root as the system property {@code spar.project.root}; without
 * it (an IDE run), the working directory and its parents are searched.
 */
public final class Fixtures {
  private static final String FIXTURES = "spar-test-support/fixtures";

  private Fixtures() {}

  /** The root of the checkout. */
  public static Path projectRoot() {
    String configured = System.getProperty("spar.project.root");
    if (configured != null && Files.isDirectory(Paths.get(configured).resolve(FIXTURES))) {
      return Paths.get(configured).toAbsolutePath().normalize();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(FIXTURES))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find "
            + FIXTURES
            + " from "
            + Paths.get("").toAbsolutePath()
            + "; set -Dspar.project.root to the checkout");
  }

  /**
   * A fixture file or directory, e.g. {@code fixture("tiny-llama")}; fails if it does not exist.
   */
  public static Path fixture(String relative) {
    Path path = projectRoot().resolve(FIXTURES).resolve(relative);
    if (!Files.exists(path)) {
      throw new IllegalStateException("missing test fixture: " + path);
    }
    return path;
  }

  /** The tiny-llama reference checkpoint (Hugging Face layout, float32). */
  public static Path tinyLlama() {
    return fixture("tiny-llama");
  }

  /**
   * The tiny-glm reference checkpoint (Hugging Face {@code GlmForCausalLM} layout, float32): fused
   * {@code mlp.gate_up_proj}, q/k/v biases, partial interleaved RoPE, no BOS, three EOS ids.
   */
  public static Path tinyGlm() {
    return fixture("tiny-glm");
  }

  /** Reads a fixture file as UTF-8 text. */
  public static String read(String relative) {
    try {
      return Files.readString(fixture(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
