package ai.spar.spark;

import ai.spar.config.ConfigDifference;
import ai.spar.config.JobConfig;
import com.google.common.base.Preconditions;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chunk plan of a run, fixed at its first attempt ({@code _plan.json} in the staging) so a
 * resumed run cuts the input the same way, and the markers of the chunks it committed.
 *
 * @param runId the run that made the plan
 * @param fingerprint a hash of everything below: a staged chunk is reused only by a run whose plan
 *     has the same fingerprint
 * @param input the input path
 * @param inputRows the input's rows
 * @param chunks how many chunks the input is cut into
 * @param partitions the partitions of every chunk
 * @param configYaml the configuration of the run
 */
record ChunkPlan(
    String runId,
    String fingerprint,
    String input,
    long inputRows,
    int chunks,
    int partitions,
    String configYaml) {
  private static final Logger LOG = LoggerFactory.getLogger(ChunkPlan.class);

  /**
   * The marker a run leaves in a chunk it committed.
   *
   * @param metrics what the chunk's rounds did and the lineage they stamped, counted into the
   *     manifest of a run that reuses the chunk; a marker without them (an older run's) is not
   *     reused
   */
  record ChunkMark(String runId, String planFingerprint, ChunkMetrics metrics) {}

  static String fingerprintOf(
      String input, long inputRows, int chunks, int partitions, String configYaml) {
    return Hashing.sha256()
        .hashString(
            String.join("\n", input, Long.toString(inputRows), Integer.toString(chunks))
                + "\n"
                + partitions
                + "\n"
                + configYaml,
            StandardCharsets.UTF_8)
        .toString();
  }

  /**
   * The plan of a run: with {@code resume}, the staged plan of the interrupted run when it read the
   * same input with the same configuration; otherwise a new plan, after clearing the staging.
   *
   * @param job the job section (input, chunk size, partitions)
   * @param inputRows the input's rows
   * @param defaultPartitions the partitions when {@code job.partitions} is 0 (Spark's parallelism)
   * @param configYaml the run's configuration
   * @param runId the run
   * @throws IllegalArgumentException when resuming a run of another input or configuration, naming
   *     the difference
   */
  static ChunkPlan resumeOrCreate(
      FileSystem fs,
      IterationLayout layout,
      boolean resume,
      JobConfig job,
      long inputRows,
      int defaultPartitions,
      String configYaml,
      String runId)
      throws IOException {
    if (resume && fs.exists(layout.plan())) {
      ChunkPlan previous;
      try (InputStream in = fs.open(layout.plan())) {
        previous = GenerateJob.JSON.readValue(in, ChunkPlan.class);
      }
      Preconditions.checkArgument(
          previous.input().equals(job.input()) && previous.inputRows() == inputRows,
          "cannot resume: the interrupted run read %s (%s rows), this one reads %s (%s rows); run without"
              + " --resume to start over",
          previous.input(),
          previous.inputRows(),
          job.input(),
          inputRows);
      if (!previous.configYaml().equals(configYaml)) {
        throw new IllegalArgumentException(
            "cannot resume: the configuration changed since the interrupted run ("
                + ConfigDifference.describe(previous.configYaml(), configYaml)
                + "; the earlier one is in "
                + layout.plan()
                + "); run without --resume to start over");
      }
      String fingerprint =
          fingerprintOf(
              previous.input(), inputRows, previous.chunks(), previous.partitions(), configYaml);
      if (fingerprint.equals(previous.fingerprint())) {
        LOG.info(
            "resuming iteration {} with {} chunks planned by run {}",
            layout.iteration(),
            previous.chunks(),
            previous.runId());
        return previous;
      }
      LOG.info("the staged plan {} has no matching fingerprint: starting over", layout.plan());
    }
    fs.delete(layout.staging(), true);
    int chunks = (int) Math.max(1, (inputRows + job.chunkSize() - 1) / job.chunkSize());
    int partitions = job.partitions() > 0 ? job.partitions() : defaultPartitions;
    String input = job.input();
    ChunkPlan plan =
        new ChunkPlan(
            runId,
            fingerprintOf(input, inputRows, chunks, partitions, configYaml),
            input,
            inputRows,
            chunks,
            partitions,
            configYaml);
    fs.mkdirs(layout.staging());
    writeJson(fs, layout.plan(), plan);
    LOG.info(
        "iteration {}: {} input rows in {} chunks of {} partitions",
        layout.iteration(),
        inputRows,
        chunks,
        partitions);
    return plan;
  }

  /** The marker of a committed chunk ({@code _SUCCESS} and {@code _chunk.json}), if any. */
  static Optional<ChunkMark> committedMark(FileSystem fs, IterationLayout layout, int chunk)
      throws IOException {
    if (!layout.isChunkCommitted(fs, chunk) || !fs.exists(layout.chunkMark(chunk))) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(layout.chunkMark(chunk))) {
      return Optional.of(GenerateJob.JSON.readValue(in, ChunkMark.class));
    } catch (IOException e) {
      LOG.warn("unreadable chunk marker {}: {}", layout.chunkMark(chunk), e.toString());
      return Optional.empty();
    }
  }

  /** Marks a chunk committed, after its staged records were written. */
  static void writeMark(FileSystem fs, IterationLayout layout, int chunk, ChunkMark mark)
      throws IOException {
    writeJson(fs, layout.chunkMark(chunk), mark);
  }

  private static void writeJson(FileSystem fs, Path path, Object value) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(GenerateJob.JSON.writeValueAsBytes(value));
    }
  }
}
