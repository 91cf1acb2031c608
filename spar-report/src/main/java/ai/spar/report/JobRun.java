package ai.spar.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One published iteration of a generation job: its {@code _run.json} and its tables, streamed from
 * Parquet when read.
 */
final class JobRun {
  static final String MANIFEST = "_run.json";
  private static final Pattern ITERATION = Pattern.compile("iteration=(\\d+)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String location;
  private final int iteration;
  private final JsonNode manifest;
  private final Configuration conf;

  private JobRun(String location, int iteration, JsonNode manifest, Configuration conf) {
    this.location = location;
    this.iteration = iteration;
    this.manifest = manifest;
    this.conf = conf;
  }

  /**
   * The iterations under {@code data}: the directory itself when it holds {@code _run.json}, else
   * its {@code iteration=N} subdirectories in order.
   *
   * @throws IllegalArgumentException naming the location when it holds no published iteration
   */
  static List<JobRun> find(String data, Configuration conf) {
    try {
      Path root = new Path(data);
      FileSystem fs = root.getFileSystem(conf);
      Preconditions.checkArgument(fs.exists(root), "--data %s: no such file or directory", data);
      if (fs.exists(new Path(root, MANIFEST))) {
        return List.of(open(root, fs, conf));
      }
      List<JobRun> runs = new ArrayList<>();
      for (FileStatus child : fs.listStatus(root)) {
        if (child.isDirectory()
            && ITERATION.matcher(child.getPath().getName()).matches()
            && fs.exists(new Path(child.getPath(), MANIFEST))) {
          runs.add(open(child.getPath(), fs, conf));
        }
      }
      Preconditions.checkArgument(
          !runs.isEmpty(),
          "--data %s: holds no published iteration (expected %s or iteration=N/%s)",
          data,
          MANIFEST,
          MANIFEST);
      runs.sort(Comparator.comparingInt(JobRun::iteration));
      return runs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + data, e);
    }
  }

  private static JobRun open(Path dir, FileSystem fs, Configuration conf) throws IOException {
    JsonNode manifest;
    try (InputStream in = fs.open(new Path(dir, MANIFEST))) {
      manifest = JSON.readTree(in);
    }
    int iteration = manifest.path("iteration").asInt(-1);
    if (iteration < 0) {
      Matcher m = ITERATION.matcher(dir.getName());
      iteration = m.matches() ? Integer.parseInt(m.group(1)) : 0;
    }
    return new JobRun(dir.toString(), iteration, manifest, conf);
  }

  String location() {
    return location;
  }

  int iteration() {
    return iteration;
  }

  JsonNode manifest() {
    return manifest;
  }

  Configuration conf() {
    return conf;
  }

  /**
   * The rows of one table ({@code outcomes}, {@code actor_pairs}, ...), read from the files each
   * time they are iterated; none when the table is absent.
   */
  Iterable<Map<String, Object>> table(String name) {
    return ParquetRows.stream(location + "/" + name, conf);
  }

  /** The row count of one table. */
  long count(String name) {
    long n = 0;
    for (Map<String, Object> ignored : table(name)) {
      n++;
    }
    return n;
  }
}
