package ai.spar.spark;

import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes a model directory local: local paths are used in place; directories on other Hadoop file
 * systems (HDFS, S3A, ...) are copied once per machine into {@code
 * <java.io.tmpdir>/spar-models/<hash of the URI>} and reused by later loads. The copy lands in a
 * temporary directory and is renamed into place, so a half-copied model is never used.
 */
public final class ModelLocalizer {
  private static final Logger LOG = LoggerFactory.getLogger(ModelLocalizer.class);

  private ModelLocalizer() {}

  /**
   * A scheme-less (local) model path made absolute against this JVM's working directory; URIs with
   * a scheme are returned unchanged.
   */
  public static String absoluteIfLocal(String uri) {
    URI parsed = URI.create(uri.replace(" ", "%20"));
    return parsed.getScheme() == null
        ? Paths.get(uri).toAbsolutePath().normalize().toString()
        : uri;
  }

  /** The local directory of a model URI or path. */
  public static Path localize(String uri) {
    URI parsed = URI.create(uri.replace(" ", "%20"));
    if (parsed.getScheme() == null) {
      return Paths.get(uri).toAbsolutePath();
    }
    if (parsed.getScheme().equals("file")) {
      return Paths.get(parsed);
    }
    String key =
        Hashing.sha256().hashString(uri, StandardCharsets.UTF_8).toString().substring(0, 16);
    Path cache = Paths.get(System.getProperty("java.io.tmpdir"), "spar-models", key);
    if (Files.isDirectory(cache)) {
      return cache;
    }
    synchronized (ModelLocalizer.class) {
      if (Files.isDirectory(cache)) {
        return cache;
      }
      Path partial = cache.resolveSibling(key + ".partial-" + UUID.randomUUID());
      try {
        Files.createDirectories(cache.getParent());
        org.apache.hadoop.fs.Path source = new org.apache.hadoop.fs.Path(uri);
        FileSystem fs = source.getFileSystem(new Configuration());
        long start = System.nanoTime();
        fs.copyToLocalFile(false, source, new org.apache.hadoop.fs.Path(partial.toUri()), true);
        Files.move(partial, cache);
        LOG.info(
            "copied model {} to {} in {} ms", uri, cache, (System.nanoTime() - start) / 1_000_000);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot copy model directory " + uri + " to " + cache, e);
      }
      return cache;
    }
  }
}
