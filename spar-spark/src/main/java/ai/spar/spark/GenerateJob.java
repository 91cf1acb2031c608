package ai.spar.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import ai.spar.config.ConfFiles;
import ai.spar.config.ConfigDifference;
import ai.spar.config.ModelConfig;
import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.lease.OutputLease;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.common.base.Preconditions;
import com.google.common.hash.Hashing;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
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
 * The SPaR data-generation job: read instructions, run self-play rounds in partitioned map tasks,
 * publish the iteration's tables atomically.
 *
 * <p>The input is cut into chunks by a hash of the instruction id; each chunk runs as one Spark job
 * whose output (the staged records) is committed on its own, so the expensive work runs exactly
 * once: the tables are cut from the committed staging afterwards, and {@code resume} skips
 * committed chunks. Within a chunk, rows are hash-partitioned by id and sorted, so a retried task
 * sees the same batches and regenerates identical rows.
 */
public final class GenerateJob {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Rows per output file, roughly: small iterations give one file per table. */
  static final long ROWS_PER_FILE = 200_000;

  static final long ROWS_PER_FILE_LIMIT = 1_000;

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

  /**
   * The chunk plan of a run, fixed at its first attempt so a resumed run cuts the input the same
   * way.
   *
   * @param runId the run that made the plan
   * @param fingerprint a hash of everything below: a staged chunk is reused only by a run whose
   *     plan has the same fingerprint
   */
  record Plan(
      String runId,
      String fingerprint,
      String input,
      long inputRows,
      int chunks,
      int partitions,
      String configYaml) {
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
  }

  /** The marker a run leaves in a chunk it committed. */
  record ChunkMark(String runId, String planFingerprint) {}

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

      Plan plan = plan(fs, layout, resume, inputRows, configYaml, runId);
      JobCounters counters = new JobCounters(spark.sparkContext());
      ProgressListener progress = new ProgressListener(inputRows);
      spark.sparkContext().addSparkListener(progress);
      List<Integer> resumed = new ArrayList<>();
      long resumedInstructions = 0;
      long resumedPairs = 0;
      try {
        PartitionProcessor processor = processor(configYaml, counters);
        for (int chunk = 0; chunk < plan.chunks(); chunk++) {
          lease.checkHeld();
          Optional<ChunkMark> mark = committedMark(fs, layout, chunk);
          if (mark.isPresent() && mark.get().planFingerprint().equals(plan.fingerprint())) {
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
          runChunk(input, plan, chunk, processor, layout.chunk(chunk).toString());
          writeJson(fs, layout.chunkMark(chunk), new ChunkMark(runId, plan.fingerprint()));
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
      RunManifest manifest = publish(fs, layout, lease, plan, resumed, timings, started);
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

  /** The marker of a committed chunk ({@code _SUCCESS} and {@code _chunk.json}), if any. */
  private static Optional<ChunkMark> committedMark(FileSystem fs, IterationLayout layout, int chunk)
      throws IOException {
    if (!layout.isChunkCommitted(fs, chunk) || !fs.exists(layout.chunkMark(chunk))) {
      return Optional.empty();
    }
    try (InputStream in = fs.open(layout.chunkMark(chunk))) {
      return Optional.of(JSON.readValue(in, ChunkMark.class));
    } catch (IOException e) {
      LOG.warn("unreadable chunk marker {}: {}", layout.chunkMark(chunk), e.toString());
      return Optional.empty();
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

  private static void writeJson(FileSystem fs, Path path, Object value) throws IOException {
    try (OutputStream out = fs.create(path, true)) {
      out.write(JSON.writeValueAsBytes(value));
    }
  }

  /** The processor the job ships to its tasks: configuration, prompt texts, loader, counters. */
  PartitionProcessor processor(String configYaml, JobCounters counters) {
    return new PartitionProcessor(configYaml, judgePromptText, refinePromptText, loader, counters);
  }

  private void runChunk(
      Dataset<Row> input, Plan plan, int chunk, PartitionProcessor processor, String path) {
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

  private Plan plan(
      FileSystem fs,
      IterationLayout layout,
      boolean resume,
      long inputRows,
      String configYaml,
      String runId)
      throws IOException {
    if (resume && fs.exists(layout.plan())) {
      Plan previous;
      try (InputStream in = fs.open(layout.plan())) {
        previous = JSON.readValue(in, Plan.class);
      }
      Preconditions.checkArgument(
          previous.input().equals(config.job().input()) && previous.inputRows() == inputRows,
          "cannot resume: the interrupted run read %s (%s rows), this one reads %s (%s rows); run without"
              + " --resume to start over",
          previous.input(),
          previous.inputRows(),
          config.job().input(),
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
          Plan.fingerprintOf(
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
    int chunks =
        (int) Math.max(1, (inputRows + config.job().chunkSize() - 1) / config.job().chunkSize());
    int partitions =
        config.job().partitions() > 0
            ? config.job().partitions()
            : Math.max(1, spark.sparkContext().defaultParallelism());
    String input = config.job().input();
    Plan plan =
        new Plan(
            runId,
            Plan.fingerprintOf(input, inputRows, chunks, partitions, configYaml),
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

  private RunManifest publish(
      FileSystem fs,
      IterationLayout layout,
      OutputLease lease,
      Plan plan,
      List<Integer> resumed,
      Map<String, Long> timings,
      long started)
      throws IOException {
    Dataset<Row> staged = spark.read().parquet(layout.staging().toString());
    staged.persist(StorageLevel.MEMORY_AND_DISK());
    Path build = layout.newBuildDirectory();
    Map<String, Long> stagedCounts = new LinkedHashMap<>();
    staged
        .groupBy("kind")
        .count()
        .collectAsList()
        .forEach(r -> stagedCounts.put(r.getString(0), r.getLong(1)));
    Map<String, Long> tables = new LinkedHashMap<>();
    for (OutputTable table : OutputTable.values()) {
      long stagedRows = stagedCounts.getOrDefault(table.tableName(), 0L);
      int files =
          (int)
              Math.max(
                  1,
                  Math.min(ROWS_PER_FILE_LIMIT, (stagedRows + ROWS_PER_FILE - 1) / ROWS_PER_FILE));
      String path = new Path(build, table.tableName()).toString();
      IterationTables.write(IterationTables.table(staged, table, config.rft()), table, files, path);
      tables.put(
          table.tableName(),
          table == OutputTable.REFINER_SFT ? spark.read().parquet(path).count() : stagedRows);
    }
    long outcomes = tables.get(OutputTable.OUTCOMES.tableName());
    if (outcomes != plan.inputRows()) {
      throw new IllegalStateException(
          "the run produced "
              + outcomes
              + " outcomes for "
              + plan.inputRows()
              + " input rows; nothing was published (staging kept at "
              + layout.staging()
              + ")");
    }
    RunManifest manifest =
        manifest(staged, layout, lease.lease().runId(), plan, resumed, tables, timings, started);
    staged.unpersist();
    try (OutputStream out = fs.create(new Path(build, "_run.json"), false)) {
      out.write(JSON.writeValueAsBytes(manifest));
    }
    lease.checkHeld();
    layout.publish(fs, build);
    return manifest;
  }

  private RunManifest manifest(
      Dataset<Row> staged,
      IterationLayout layout,
      String runId,
      Plan plan,
      List<Integer> resumed,
      Map<String, Long> tables,
      Map<String, Long> timings,
      long started) {
    Map<String, Long> outcomeCounts = new LinkedHashMap<>();
    IterationTables.table(staged, OutputTable.OUTCOMES, config.rft())
        .groupBy("outcome")
        .count()
        .orderBy("outcome")
        .collectAsList()
        .forEach(r -> outcomeCounts.put(r.getString(0), r.getLong(1)));
    Row lineage =
        IterationTables.table(staged, OutputTable.OUTCOMES, config.rft())
            .select("lineage.*")
            .limit(1)
            .collectAsList()
            .get(0);
    Row traffic =
        staged
            .filter(col("kind").equalTo(StagedRecords.ROUND_METRICS))
            .select(
                org.apache
                    .spark
                    .sql
                    .functions
                    .from_json(col("json"), RecordSchema.of(RoundMetrics.class))
                    .as("m"))
            .agg(
                org.apache.spark.sql.functions.count(lit(1)),
                org.apache.spark.sql.functions.sum("m.model_calls"),
                org.apache.spark.sql.functions.sum("m.requests"),
                org.apache.spark.sql.functions.sum("m.prompt_tokens"),
                org.apache.spark.sql.functions.sum("m.generated_tokens"),
                org.apache.spark.sql.functions.sum("m.stats.millis"))
            .collectAsList()
            .get(0);
    Map<String, Long> allTimings = new LinkedHashMap<>(timings);
    allTimings.put("rounds_total", traffic.isNullAt(5) ? 0L : traffic.getLong(5));
    allTimings.put("total", System.currentTimeMillis() - started);
    JsonNode configTree;
    try {
      configTree = new YAMLMapper().readTree(plan.configYaml());
    } catch (IOException e) {
      configTree = JSON.createObjectNode().put("yaml", plan.configYaml());
    }
    return new RunManifest(
        layout.iteration(),
        spark.sparkContext().applicationId(),
        spark.sparkContext().master(),
        plan.input(),
        layout.published().toString(),
        plan.inputRows(),
        plan.chunks(),
        List.copyOf(resumed),
        Map.of(
            "id",
            lineage.getAs("actor_model_id"),
            "weights_hash",
            lineage.getAs("actor_weights_hash")),
        Map.of(
            "id",
            lineage.getAs("refiner_model_id"),
            "weights_hash",
            lineage.getAs("refiner_weights_hash")),
        outcomeCounts,
        tables,
        allTimings,
        traffic.getLong(0),
        longOrZero(traffic, 1),
        longOrZero(traffic, 2),
        longOrZero(traffic, 3),
        longOrZero(traffic, 4),
        versions(),
        configTree,
        runId);
  }

  private static long longOrZero(Row row, int i) {
    return row.isNullAt(i) ? 0L : row.getLong(i);
  }

  private Map<String, String> versions() {
    Map<String, String> versions = new LinkedHashMap<>();
    String spar = GenerateJob.class.getPackage().getImplementationVersion();
    versions.put("spar", spar == null ? "development" : spar);
    versions.put("spark", spark.version());
    versions.put("java", System.getProperty("java.version"));
    String djl = ai.djl.engine.Engine.class.getPackage().getImplementationVersion();
    versions.put("djl", djl == null ? "unknown" : djl);
    return versions;
  }

  /** Reads a run manifest ({@code _run.json}). */
  public static RunManifest readManifest(FileSystem fs, Path iterationDir) throws IOException {
    try (InputStream in = fs.open(new Path(iterationDir, "_run.json"))) {
      return JSON.readValue(in, RunManifest.class);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }
}
