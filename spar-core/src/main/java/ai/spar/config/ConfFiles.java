package ai.spar.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Optional;

/**
 * Finds the files a configuration names by relative path ({@code conf/spar.yaml}, {@code
 * conf/prompts/judge.txt}): relative to the working directory first, then to the SPaR home (system
 * property {@code spar.home} or environment variable {@code SPAR_HOME}, set by {@code bin/spar}),
 * then among the copies of {@code conf/} packaged on the classpath, so a job started from anywhere
 * (or on a cluster node) finds the defaults.
 */
public final class ConfFiles {
  private ConfFiles() {}

  /** The file on disk a path names, if it exists there. */
  public static Optional<Path> locate(String path) {
    Path direct = Paths.get(path);
    if (Files.isRegularFile(direct) || direct.isAbsolute()) {
      return Files.isRegularFile(direct) ? Optional.of(direct) : Optional.empty();
    }
    String home = System.getProperty("spar.home", System.getenv("SPAR_HOME"));
    if (home != null && Files.isRegularFile(Paths.get(home).resolve(path))) {
      return Optional.of(Paths.get(home).resolve(path));
    }
    return Optional.empty();
  }

  /**
   * Reads a configuration file as UTF-8 text.
   *
   * @throws IllegalArgumentException naming the path and where it was looked for, if it is nowhere
   */
  public static String read(String path) {
    Optional<Path> file = locate(path);
    try {
      if (file.isPresent()) {
        return Files.readString(file.get(), StandardCharsets.UTF_8);
      }
      String resource = path.replace('\\', '/');
      try (InputStream in = ConfFiles.class.getClassLoader().getResourceAsStream(resource)) {
        if (in != null) {
          return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    throw new IllegalArgumentException(
        "file not found: "
            + path
            + " (looked in the working directory "
            + Paths.get("").toAbsolutePath()
            + ", in SPAR_HOME and on the classpath)");
  }
}
