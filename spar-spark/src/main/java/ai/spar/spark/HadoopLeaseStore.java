package ai.spar.spark;

import ai.spar.lease.LeaseStore;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A lease file on any Hadoop file system. Creation without overwrite and rename are atomic on HDFS;
 * on the local file system they are check-then-act, which is enough for runs started by people and
 * schedulers (not for runs started within the same millisecond).
 */
final class HadoopLeaseStore implements LeaseStore {
  private final FileSystem fs;
  private final Path file;

  HadoopLeaseStore(FileSystem fs, Path file) {
    this.fs = fs;
    this.file = file;
  }

  @Override
  public String location() {
    return fs.makeQualified(file).toString();
  }

  @Override
  public synchronized Optional<String> read() throws IOException {
    return read(file);
  }

  private Optional<String> read(Path path) throws IOException {
    try (InputStream in = fs.open(path)) {
      return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
  }

  @Override
  public synchronized boolean createNew(String content) throws IOException {
    fs.mkdirs(file.getParent());
    if (fs.exists(file)) {
      return false;
    }
    try (OutputStream out = fs.create(file, false)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
      return false;
    }
  }

  @Override
  public synchronized void overwrite(String content) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Override
  public synchronized Optional<String> takeAway(String suffix) throws IOException {
    Path aside = new Path(file.getParent(), file.getName() + "." + suffix);
    if (!fs.exists(file) || !fs.rename(file, aside)) {
      return Optional.empty();
    }
    Optional<String> content = read(aside);
    fs.delete(aside, false);
    return content;
  }

  @Override
  public synchronized void delete() throws IOException {
    fs.delete(file, false);
  }
}
