package ai.spar.trainer.data;

import java.io.IOException;
import java.util.List;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.schema.MessageType;

/**
 * The Parquet files of a table given as locations on any Hadoop file system: files, directories
 * (searched recursively, skipping hidden {@code _}/{@code .} entries such as {@code _SUCCESS} or
 * {@code _temporary}) and globs ({@code out/iteration=*}/actor_pairs). Files are visited in sorted
 * path order, so the row order is deterministic.
 */
public final class ParquetTable {
  private final List<Path> files;
  private final Configuration conf;

  private ParquetTable(List<Path> files, Configuration conf) {
    this.files = List.copyOf(files);
    this.conf = conf;
  }

  /** A consumer of one row with its schema and source. */
  @FunctionalInterface
  public interface RowVisitor {
    void visit(MessageType schema, Group row, RowSource source);
  }

  /**
   * Resolves the locations to Parquet files.
   *
   * @throws TrainingDataException naming the location that does not exist or holds no Parquet file
   */
  public static ParquetTable open(List<String> locations, Configuration conf) {
    if (locations.isEmpty()) {
      throw new TrainingDataException(
          "at least one Parquet location is needed, but none was given");
    }
    TreeSet<String> found = new TreeSet<>();
    for (String location : locations) {
      Path path = new Path(location);
      try {
        FileSystem fs = path.getFileSystem(conf);
        FileStatus[] matches = fs.globStatus(path);
        if (matches == null || matches.length == 0) {
          throw new TrainingDataException(location + ": no such file or directory");
        }
        int before = found.size();
        for (FileStatus match : matches) {
          collect(fs, match, found);
        }
        if (found.size() == before) {
          throw new TrainingDataException(location + ": holds no Parquet file (*.parquet)");
        }
      } catch (IOException e) {
        throw new TrainingDataException(location + ": cannot list: " + e.getMessage(), e);
      }
    }
    return new ParquetTable(found.stream().map(Path::new).toList(), conf);
  }

  private static void collect(FileSystem fs, FileStatus status, TreeSet<String> found)
      throws IOException {
    if (status.isFile()) {
      found.add(status.getPath().toString());
      return;
    }
    Path root = status.getPath();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      Path file = it.next().getPath();
      String relative = file.toUri().getPath().substring(root.toUri().getPath().length());
      boolean hidden = false;
      for (String part : relative.split("/")) {
        hidden |= part.startsWith("_") || part.startsWith(".");
      }
      if (!hidden && file.getName().endsWith(".parquet")) {
        found.add(file.toString());
      }
    }
  }

  /** The files, in visiting order. */
  public List<String> files() {
    return files.stream().map(Path::toString).toList();
  }

  /**
   * Visits every row of every file.
   *
   * @throws TrainingDataException naming the file if it cannot be read, or if the table has no rows
   *     at all
   */
  public void forEachRow(RowVisitor visitor) {
    long total = 0;
    for (Path file : files) {
      MessageType schema;
      try (ParquetFileReader footer =
          ParquetFileReader.open(HadoopInputFile.fromPath(file, conf))) {
        schema = footer.getFooter().getFileMetaData().getSchema();
      } catch (IOException | RuntimeException e) {
        throw new TrainingDataException(
            file + ": not a readable Parquet file: " + e.getMessage(), e);
      }
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), file).withConf(conf).build()) {
        long row = 0;
        for (Group g = reader.read(); g != null; g = reader.read()) {
          visitor.visit(schema, g, new RowSource(file.toString(), row++));
        }
        total += row;
      } catch (IOException e) {
        throw new TrainingDataException(file + ": cannot read rows: " + e.getMessage(), e);
      }
    }
    if (total == 0) {
      throw new TrainingDataException(
          "the table is empty: no rows in "
              + (files.size() == 1 ? files.get(0) : files.size() + " files " + files));
    }
  }
}
