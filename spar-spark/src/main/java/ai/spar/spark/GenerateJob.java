package ai.spar.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import ai.spar.config.ConfFiles;
import ai.spar.config.ModelConfig;
import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.lease.OutputLease;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SPaR data-generation job: read and validate the instructions ({@link InputReader}), run
 * self-play rounds in partitioned map tasks ({@link PartitionProcessor}), publish the iteration's
 * tables atomically ({@link TablePublisher}) with the run manifest ({@link ManifestWriter}).
 *
 * <p>The input is cut into chunks by a hash of the instruction id; each chunk runs as one Spark job
 * whose output (the staged records) is committed on its own, so the expensive work runs exactly
 * once: the tables are cut from the committed staging afterwards, and {@code resume} skips
 * committed chunks ({@link ChunkPlan}). Within a chunk, rows are hash-partitioned by id and sorted,
 * so a retried task sees the same batches and regenerates identical rows.
 */
public final class GenerateJob {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);
  static final ObjectMapper JSON = ManifestWriter.JSON;

  private final SparkSession spark;
  private final SparConfig config;
  private final String judgePromptText;
  private final String refinePromptText;
  private final ModelLoader loader;

  /**
   * @param spark the session (local or cluster)
   * @param config the configuration; {@code job} names input, output and iteration
   * @param judgePromptText the judgment prompt (read on the driver and shipped with the tasks)
   * @param refinePromptText the refinement prompt
   * @param loader loads model replicas in the executors
   */
  public GenerateJob(
      SparkSession spark,
      SparConfig config,
      String judgePromptText,
      String refinePromptText,
      ModelLoader loader) {
    this.spark = spark;
    this.config = withAbsoluteModelPaths(config);
    this.judgePromptText = judgePromptText;
    this.refinePromptText = refinePromptText;
    this.loader = loader;
  }

  /**
   * A job whose judge and refine prompts are the files its configuration names ({@code
   * prompts.judge}, {@code prompts.refine}), read now on the driver.
   */
  public static GenerateJob withPromptFiles(
      SparkSession spark, SparConfig config, ModelLoader loader) {
    return new GenerateJob(
        spark,
        config,
        ConfFiles.read(config.prompts().judge()),
        ConfFiles.read(config.prompts().refine()),
        loader);
  }

  /**
   * The configuration with local model directories made absolute against the driver's working
   * directory: executors run elsewhere (a standalone worker starts them in its own work directory),
   * so a relative path shipped as is would name nothing there. URIs with a scheme ({@code hdfs://},
   * {@code s3a://}, {@code file:}) are kept, and so are the served model names of the openai
   * backend.
   */
  public static SparConfig withAbsoluteModelPaths(SparConfig config) {
    ModelConfig model = config.model();
    if (model.backend() == ModelConfig.Backend.OPENAI) {
      return config; // served model names, not paths
    }
    ModelConfig absolute = model.withActor(ModelLocalizer.absoluteIfLocal(model.actor()));
    if (!model.refiner().isEmpty()) {
      absolute = absolute.withRefiner(ModelLocalizer.absoluteIfLocal(model.refiner()));
    }
    return absolute.equals(model) ? config : config.withModel(absolute);
  }

  /** {@link #run(boolean, boolean)} failing at once when another run holds the output. */
  public RunManifest run(boolean resume) {
    return run(resume, false);
  }

  /**
   * Runs the job, owning the output directory for its whole duration: the lease {@code
   * <output>/_lease.json} names this run while it lives (see {@link OutputLease}).
   *
   * @param resume continue an interrupted run of the same input and configuration, reusing the
   *     chunks it committed under the same plan
   * @param wait when another run holds the output, wait for it to end instead of failing
   * @return the manifest of the published iteration
   * @throws ai.spar.lease.LeaseHeldException when another live run holds the output and {@code
   *     wait} is false
   */
  public RunManifest run(boolean resume, boolean wait) {
    IterationLayout layout = new IterationLayout(config.job().output(), config.job().iteration());
    FileSystem fs;
    try {
      fs = layout.fileSystem(spark.sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + layout.root(), e);
    }
    try (OutputLease lease =
        OutputLease.acquire(
            new HadoopLeaseStore(fs, layout.lease()),
            "generate iteration=" + layout.iteration() + " from " + config.job().input(),
            wait)) {
      return run(fs, layout, lease, resume);
    }
  }

  private RunManifest run(
      FileSystem fs, IterationLayout layout, OutputLease lease, boolean resume) {
    long started = System.currentTimeMillis();
    Map<String, Long> timings = new LinkedHashMap<>();
    String configYaml = SparConfigLoader.toYaml(config);
    String runId = lease.lease().runId();
    try {
      long t = System.nanoTime();
      Dataset<Row> input = InputReader.read(spark, config.job().input());
      input.persist(StorageLevel.MEMORY_AND_DISK());
      long inputRows = input.count();
      timings.put("read_input", millisSince(t));
      Preconditions.checkArgument(inputRows > 0, "input %s has no rows", config.job().input());

      ChunkPlan plan =
          ChunkPlan.resumeOrCreate(
              fs,
              layout,
              resume,
              config.job(),
              inputRows,
              Math.max(1, spark.sparkContext().defaultParallelism()),
              configYaml,
              runId);
      JobCounters counters = new JobCounters(spark.sparkContext());
      ProgressListener progress = new ProgressListener(inputRows);
      spark.sparkContext().addSparkListener(progress);
      List<Integer> resumed = new ArrayList<>();
      ChunkMetrics metrics = ChunkMetrics.NONE;
      long resumedInstructions = 0;
      long resumedPairs = 0;
      try {
        for (int chunk = 0; chunk < plan.chunks(); chunk++) {
          lease.checkHeld();
          Optional<ChunkPlan.ChunkMark> mark = ChunkPlan.committedMark(fs, layout, chunk);
          if (mark.isPresent()
              && mark.get().planFingerprint().equals(plan.fingerprint())
              && mark.get().metrics() != null) {
            Map<String, Long> kinds = stagedKinds(layout.chunk(chunk).toString());
            resumedInstructions += kinds.getOrDefault(OutputTable.OUTCOMES.tableName(), 0L);
            resumedPairs += kinds.getOrDefault(OutputTable.ACTOR_PAIRS.tableName(), 0L);
            progress.resumed(
                kinds.getOrDefault(OutputTable.OUTCOMES.tableName(), 0L),
                kinds.getOrDefault(OutputTable.ACTOR_PAIRS.tableName(), 0L));
            LOG.info(
                "chunk {}/{} was committed by run {} under the same plan: reused",
                chunk + 1,
                plan.chunks(),
                mark.get().runId());
            resumed.add(chunk);
            metrics = metrics.plus(mark.get().metrics());
            continue;
          }
          if (mark.isPresent() || fs.exists(layout.chunk(chunk))) {
            LOG.info(
                "chunk {}/{}: staged by {} under another plan or left incomplete: redone",
                chunk + 1,
                plan.chunks(),
                mark.map(m -> "run " + m.runId()).orElse("an earlier run"));
          }
          t = System.nanoTime();
          PartitionProcessor processor = processor(configYaml, counters);
          runChunk(input, plan, chunk, processor, layout.chunk(chunk).toString());
          ChunkMetrics chunkMetrics = processor.metrics();
          ChunkPlan.writeMark(
              fs, layout, chunk, new ChunkPlan.ChunkMark(runId, plan.fingerprint(), chunkMetrics));
          metrics = metrics.plus(chunkMetrics);
          timings.put("chunk_" + chunk, millisSince(t));
          LOG.info(
              "chunk {}/{} committed in {} ms: {} of {} instructions done, {} pairs so far",
              chunk + 1,
              plan.chunks(),
              timings.get("chunk_" + chunk),
              resumedInstructions + counters.instructions(),
              inputRows,
              resumedPairs + counters.pairs());
        }
      } finally {
        spark.sparkContext().removeSparkListener(progress);
      }
      input.unpersist();

      t = System.nanoTime();
      lease.checkHeld();
      Path build = layout.newBuildDirectory();
      TablePublisher.Tables tables =
          new TablePublisher(spark, config.rft()).write(layout.staging(), build, plan.inputRows());
      RunManifest manifest =
          ManifestWriter.manifest(
              spark.sparkContext(),
              layout,
              plan,
              runId,
              resumed,
              tables,
              metrics,
              timings,
              started,
              loader.versions());
      ManifestWriter.write(fs, build, manifest);
      lease.checkHeld();
      layout.publish(fs, build);
      timings.put("publish", millisSince(t));
      layout.clearStaging(fs);
      LOG.info(
          "iteration {} published at {}: {} instructions, outcomes {}, {} pairs, {} generated tokens",
          manifest.iteration(),
          manifest.output(),
          manifest.inputRows(),
          manifest.outcomes(),
          manifest.pairs(),
          manifest.generatedTokens());
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("generation job for " + layout.published() + " failed", e);
    }
  }

  private Map<String, Long> stagedKinds(String path) {
    Map<String, Long> counts = new LinkedHashMap<>();
    spark
        .read()
        .parquet(path)
        .groupBy("kind")
        .count()
        .collectAsList()
        .forEach(r -> counts.put(r.getString(0), r.getLong(1)));
    return counts;
  }

  /**
   * The processor the job ships to the tasks of one chunk: configuration, prompt texts, loader,
   * progress counters, and a new accumulator of the chunk's round metrics.
   */
  PartitionProcessor processor(String configYaml, JobCounters counters) {
    RoundMetricsAccumulator metrics = new RoundMetricsAccumulator();
    spark.sparkContext().register(metrics);
    return new PartitionProcessor(
        configYaml, judgePromptText, refinePromptText, loader, counters, metrics);
  }

  private void runChunk(
      Dataset<Row> input, ChunkPlan plan, int chunk, PartitionProcessor processor, String path) {
    chunkPartitions(input, plan.chunks(), chunk, plan.partitions())
        .mapPartitions(processor, Encoders.row(StagedRecords.SCHEMA))
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(path);
  }

  /**
   * One chunk of the input, hash-partitioned by id and sorted: the rows and order each task sees
   * (and, cut by {@code job.batch_size}, its batches).
   */
  public static Dataset<Row> chunkPartitions(
      Dataset<Row> input, int chunks, int chunk, int partitions) {
    return input
        .filter(pmod(xxhash64(col("id")), lit(chunks)).equalTo(chunk))
        .repartition(partitions, col("id"))
        .sortWithinPartitions(col("id"), col("row"));
  }

  /** Reads a run manifest ({@code _run.json}). */
  public static RunManifest readManifest(FileSystem fs, Path iterationDir) throws IOException {
    return ManifestWriter.read(fs, iterationDir);
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
