package ai.spar.config;

import com.google.common.base.Preconditions;

/**
 * The data-generation job: what it reads, where it writes, and how it cuts the work.
 *
 * @param input instructions, JSONL or Parquet (a file or a directory; any Hadoop file system URI)
 * @param output root of the output tables; iteration t lands in {@code <output>/iteration=t/}
 * @param iteration the SPaR iteration t, {@code >= 0}
 * @param batchSize instructions per self-play round (one batched model call per stage), {@code >=
 *     1}
 * @param partitions tasks per chunk; 0 chooses Spark's default parallelism (the executors' task
 *     slots)
 * @param chunkSize instructions per chunk: each chunk is committed on its own, so {@code --resume}
 *     loses at most the chunks in flight; {@code >= 1}
 */
public record JobConfig(
    String input, String output, int iteration, int batchSize, int partitions, int chunkSize) {
  public static final String DEFAULT_INPUT = "work/demo/instructions.jsonl";
  public static final String DEFAULT_OUTPUT = "work/spar";
  public static final int DEFAULT_BATCH_SIZE = 64;
  public static final int DEFAULT_CHUNK_SIZE = 4096;

  public JobConfig {
    Preconditions.checkArgument(
        input != null && !input.isBlank(), "job.input must name instructions (JSONL or Parquet)");
    Preconditions.checkArgument(
        output != null && !output.isBlank(), "job.output must name a directory");
    Preconditions.checkArgument(
        iteration >= 0, "job.iteration must be >= 0, but was: %s", iteration);
    Preconditions.checkArgument(
        batchSize >= 1, "job.batch_size must be >= 1, but was: %s", batchSize);
    Preconditions.checkArgument(
        partitions >= 0,
        "job.partitions must be >= 0 (0 = Spark's default), but was: %s",
        partitions);
    Preconditions.checkArgument(
        chunkSize >= 1, "job.chunk_size must be >= 1, but was: %s", chunkSize);
  }

  public static JobConfig defaults() {
    return new JobConfig(
        DEFAULT_INPUT, DEFAULT_OUTPUT, 0, DEFAULT_BATCH_SIZE, 0, DEFAULT_CHUNK_SIZE);
  }

  public JobConfig withInput(String newInput) {
    return new JobConfig(newInput, output, iteration, batchSize, partitions, chunkSize);
  }

  public JobConfig withOutput(String newOutput) {
    return new JobConfig(input, newOutput, iteration, batchSize, partitions, chunkSize);
  }

  public JobConfig withIteration(int newIteration) {
    return new JobConfig(input, output, newIteration, batchSize, partitions, chunkSize);
  }
}
