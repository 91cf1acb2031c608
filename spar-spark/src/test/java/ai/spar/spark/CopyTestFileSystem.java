package ai.spar.spark;

import java.net.URI;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * The local disk under a scheme of its own ({@code sparcopy:///tmp/...}), registered through {@code
 * META-INF/services}: a stand-in for a distributed file system (HDFS, S3A) whose model directories
 * {@link ModelLocalizer} must copy to local disk.
 */
public final class CopyTestFileSystem extends RawLocalFileSystem {
  static final String SCHEME = "sparcopy";

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    return URI.create(SCHEME + ":///");
  }
}
