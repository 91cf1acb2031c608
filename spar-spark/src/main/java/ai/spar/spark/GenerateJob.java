package ai.spar.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import ai.spar.config.ConfFiles;
import ai.spar.config.ModelConfig;
import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
  static SparConfig withAbsoluteModelPaths(SparConfig config) {
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
   */
  record Plan(String input, long inputRows, int chunks, int partitions, String configYaml) {}

  /**
   * Runs the job.
   *
   * @param resume continue an interrupted run of the same input and configuration, reusing its
   *     committed chunks
   * @return the manifest of the published iteration
   */
  public RunManifest run(boolean resume) {
    long started = System.currentTimeMillis();
    Map<String, Long> timings = new LinkedHashMap<>();
    IterationLayout layout = new IterationLayout(config.job().output(), config.job().iteration());
    String configYaml = SparConfigLoader.toYaml(config);
    try {
      FileSystem fs = layout.fileSystem(spark.sparkContext().hadoopConfiguration());
      long t = System.nanoTime();
      Dataset<Row> input = InputReader.read(spark, config.job().input());
      input.persist(StorageLevel.MEMORY_AND_DISK());
      long inputRows = input.count();
      timings.put("read_input", millisSince(t));
      Preconditions.checkArgument(inputRows > 0, "input %s has no rows", config.job().input());

      Plan plan = plan(fs, layout, resume, inputRows, configYaml);
      JobCounters counters = new JobCounters(spark.sparkContext());
      ProgressListener progress = new ProgressListener(inputRows);
      spark.sparkContext().addSparkListener(progress);
      List<Integer> resumed = new ArrayList<>();
      try {
        PartitionProcessor processor = processor(configYaml, counters);
        for (int chunk = 0; chunk < plan.chunks(); chunk++) {
          if (layout.isChunkCommitted(fs, chunk)) {
            LOG.info(
                "chunk {}/{} was committed by an earlier attempt: reused",
                chunk + 1,
                plan.chunks());
            resumed.add(chunk);
            continue;
          }
          t = System.nanoTime();
          runChunk(input, plan, chunk, processor, layout.chunk(chunk).toString());
          timings.put("chunk_" + chunk, millisSince(t));
          LOG.info(
              "chunk {}/{} committed in {} ms: {} of {} instructions done, {} pairs so far",
              chunk + 1,
              plan.chunks(),
              timings.get("chunk_" + chunk),
              counters.instructions(),
              inputRows,
              counters.pairs());
        }
      } finally {
        spark.sparkContext().removeSparkListener(progress);
      }
      input.unpersist();

      t = System.nanoTime();
      RunManifest manifest = publish(fs, layout, plan, resumed, timings, started);
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
  static Dataset<Row> chunkPartitions(Dataset<Row> input, int chunks, int chunk, int partitions) {
    return input
        .filter(pmod(xxhash64(col("id")), lit(chunks)).equalTo(chunk))
        .repartition(partitions, col("id"))
        .sortWithinPartitions(col("id"), col("row"));
  }

  private Plan plan(
      FileSystem fs, IterationLayout layout, boolean resume, long inputRows, String configYaml)
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
      Preconditions.checkArgument(
          previous.configYaml().equals(configYaml),
          "cannot resume: the configuration changed since the interrupted run (see %s); run without --resume"
              + " to start over",
          layout.plan());
      LOG.info("resuming iteration {} with {} chunks", layout.iteration(), previous.chunks());
      return previous;
    }
    fs.delete(layout.staging(), true);
    int chunks =
        (int) Math.max(1, (inputRows + config.job().chunkSize() - 1) / config.job().chunkSize());
    int partitions =
        config.job().partitions() > 0
            ? config.job().partitions()
            : Math.max(1, spark.sparkContext().defaultParallelism());
    Plan plan = new Plan(config.job().input(), inputRows, chunks, partitions, configYaml);
    fs.mkdirs(layout.staging());
    try (OutputStream out = fs.create(layout.plan(), true)) {
      out.write(JSON.writeValueAsBytes(plan));
    }
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
    RunManifest manifest = manifest(staged, layout, plan, resumed, tables, timings, started);
    staged.unpersist();
    try (OutputStream out = fs.create(new Path(build, "_run.json"), false)) {
      out.write(JSON.writeValueAsBytes(manifest));
    }
    layout.publish(fs, build);
    return manifest;
  }

  private RunManifest manifest(
      Dataset<Row> staged,
      IterationLayout layout,
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
        configTree);
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
