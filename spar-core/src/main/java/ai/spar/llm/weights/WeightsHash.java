package ai.spar.llm.weights;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * The SHA-256 of a checkpoint's weight files, read in file-name order: the identity recorded as
 * provenance. It does not depend on where the checkpoint lies, only on the bytes of its weight
 * files.
 */
public final class WeightsHash {
  private WeightsHash() {}

  /** Hex SHA-256 over the contents of {@code files}, taken in order of file name. */
  public static String of(List<Path> files) {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    byte[] buffer = new byte[1 << 20];
    List<Path> ordered =
        files.stream().sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    for (Path file : ordered) {
      try (InputStream in = Files.newInputStream(file)) {
        int read;
        while ((read = in.read(buffer)) > 0) {
          digest.update(buffer, 0, read);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot hash " + file, e);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
