package ai.spar.spark;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where an iteration's data lives under the output root, and how it is published atomically.
 *
 * <pre>
 * output/iteration=N/{outcomes,samples,trees,actor_pairs,refiner_sft,refiner_pairs}/  published tables
 * output/iteration=N/_run.json                                                        run manifest
 * output/_lease.json                                                                   the run owning the output
 * output/_staging/iteration=N/chunk=K/                                                 committed work (resume)
 * output/_staging/iteration=N/chunk=K/_chunk.json                                      run and plan that wrote it
 * output/_staging/iteration=N/_plan.json                                               chunk plan of the run
 * output/_building/iteration=N-UUID/                                                   tables being written
 * </pre>
 *
 * Directories starting with {@code _} are invisible to Spark's partition discovery, so analysts
 * reading {@code output/} as one table see only published iterations.
 */
public final class IterationLayout {
  private static final Logger LOG = LoggerFactory.getLogger(IterationLayout.class);

  private final Path root;
  private final int iteration;

  public IterationLayout(String outputUri, int iteration) {
    Preconditions.checkArgument(iteration >= 0, "iteration must be >= 0, but was: %s", iteration);
    this.root = new Path(outputUri);
    this.iteration = iteration;
  }

  public int iteration() {
    return iteration;
  }

  public Path root() {
    return root;
  }

  /** The published iteration: {@code output/iteration=N}. */
  public Path published() {
    return new Path(root, "iteration=" + iteration);
  }

  public Path publishedTable(String table) {
    return new Path(published(), table);
  }

  public Path staging() {
    return new Path(new Path(root, "_staging"), "iteration=" + iteration);
  }

  public Path chunk(int chunk) {
    return new Path(staging(), "chunk=" + chunk);
  }

  /** The lease file naming the run that owns the output (all iterations). */
  public Path lease() {
    return new Path(root, "_lease.json");
  }

  /** The marker naming the run and plan fingerprint that committed a chunk. */
  public Path chunkMark(int chunk) {
    return new Path(chunk(chunk), "_chunk.json");
  }

  public Path plan() {
    return new Path(staging(), "_plan.json");
  }

  /** A fresh directory to build the tables in before publishing. */
  public Path newBuildDirectory() {
    return new Path(
        new Path(root, "_building"), "iteration=" + iteration + "-" + UUID.randomUUID());
  }

  /** Whether a staged chunk was committed (Spark writes {@code _SUCCESS} at job commit). */
  public boolean isChunkCommitted(FileSystem fs, int chunk) throws IOException {
    return fs.exists(new Path(chunk(chunk), "_SUCCESS"));
  }

  public FileSystem fileSystem(Configuration conf) throws IOException {
    return root.getFileSystem(conf);
  }

  /**
   * Replaces the published iteration with {@code built}: the old directory (if any) is renamed
   * away, the new one renamed into place, then the old one deleted. Readers see the old iteration,
   * then briefly none, then the new one; never a mix. Renames of directories are atomic on HDFS and
   * local file systems; on object stores (S3A) they are copies, so readers there should wait for
   * {@code _run.json}.
   */
  public void publish(FileSystem fs, Path built) throws IOException {
    Path target = published();
    Path trash = null;
    if (fs.exists(target)) {
      trash =
          new Path(new Path(root, "_trash"), "iteration=" + iteration + "-" + UUID.randomUUID());
      fs.mkdirs(trash.getParent());
      if (!fs.rename(target, trash)) {
        throw new IOException("cannot move the previous " + target + " aside to " + trash);
      }
    }
    fs.mkdirs(root);
    if (!fs.rename(built, target)) {
      if (trash != null) {
        fs.rename(trash, target);
      }
      throw new IOException("cannot rename " + built + " to " + target);
    }
    if (trash != null && !fs.delete(trash, true)) {
      LOG.warn("could not delete the replaced iteration at {}", trash);
    }
  }

  /**
   * Deletes the staging area of this iteration (after a successful publish), then the {@code
   * _staging/}, {@code _building/} and {@code _trash/} folders of the output when nothing else is
   * left in them.
   */
  public void clearStaging(FileSystem fs) throws IOException {
    fs.delete(staging(), true);
    for (String folder : new String[] {"_staging", "_building", "_trash"}) {
      Path path = new Path(root, folder);
      if (fs.exists(path) && fs.listStatus(path).length == 0) {
        fs.delete(path, false);
      }
    }
  }
}
