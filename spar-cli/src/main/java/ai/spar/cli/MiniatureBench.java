package ai.spar.cli;

import ai.spar.config.ConfFiles;
import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.judge.PromptTemplate;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.miniature.IndependentPairs;
import ai.spar.miniature.MiniTask;
import ai.spar.miniature.MiniTaskSynthesizer;
import ai.spar.miniature.MiniTeacher;
import ai.spar.miniature.MiniatureEvaluator;
import ai.spar.miniature.PairAudit;
import ai.spar.miniature.StageMetrics;
import ai.spar.miniature.WordBank;
import ai.spar.miniature.dataset.InstructionJsonl;
import ai.spar.miniature.dataset.MiniatureDataConfig;
import ai.spar.miniature.dataset.MiniatureDataset;
import ai.spar.refine.RefinementChat;
import ai.spar.spark.DjlModelLoader;
import ai.spar.spark.GenerateJob;
import ai.spar.spark.IterationLayout;
import ai.spar.spark.OutputTable;
import ai.spar.spark.RunManifest;
import ai.spar.trainer.TrainConfig;
import ai.spar.trainer.TrainingResult;
import ai.spar.trainer.TrainingRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miniature benchmark: measures the SFT base model on held-out tasks, then runs SPaR iterations
 * (generation on local Spark with the model as its own LLM judge, DPO for the actor on the refined
 * pairs, SFT for the refiner on its filtered outputs) and measures after each; then the same
 * iterations with independent-sampling pairs (a passing vs a failing actor sample, from the job's
 * {@code samples} table) in place of the refined pairs. Iteration 1 starts both arms from the same
 * models and seeds, so its generation and refiner training are shared.
 *
 * <p>Layout under the work directory: {@code data/} (unless given), {@code base/} (unless given),
 * {@code iter-input.jsonl}, {@code <arm>/data/iteration=N/} (the job's tables), {@code
 * <arm>/pairs/iteration=N/} (independent arm), {@code <arm>/actor-N/}, {@code <arm>/refiner-N/}.
 */
final class MiniatureBench {
  private static final Logger LOG = LoggerFactory.getLogger(MiniatureBench.class);
  static final String REFINED = "refined";
  static final String INDEPENDENT = "independent";

  /** Sequences decoded together when measuring: a small model's decode step is overhead-bound. */
  static final int EVAL_BATCH_ROWS = 512;

  /** What one arm measured per stage, with the stage's timings. */
  record ArmResult(List<Map<String, Object>> stages) {}

  /** The whole benchmark. */
  record Result(
      ArmResult refined,
      ArmResult independent,
      Map<String, Object> seeds,
      double baseSftSeconds,
      double seconds) {}

  private final MiniatureBenchSettings settings;
  private final Path work;
  private final Path sparConfigFile;
  private final TrainConfig dpoConfig;
  private final TrainConfig refinerConfig;
  private final Optional<TrainConfig> baseConfig;
  private final Map<String, Path> refinerCache = new HashMap<>();
  private final Map<String, Path> generationCache = new HashMap<>();
  private Map<String, MiniTask> trainById = Map.of();
  private MiniatureEvaluator.RefinerScores lastRefinerScores;
  // a model measured once: an unchanged actor or a refiner shared by both arms is not re-measured
  private final Map<String, MiniatureEvaluator.ActorScores> actorScores = new HashMap<>();
  private final Map<String, MiniatureEvaluator.RefinerScores> refinerScores = new HashMap<>();

  /**
   * @param settings sizes
   * @param work the work directory
   * @param sparConfigFile the miniature's SPaR configuration (generation settings, prompt files)
   * @param dpoConfig the actor's DPO settings
   * @param refinerConfig the refiner's SFT settings
   * @param baseConfig the base model's SFT settings, when the run trains it
   */
  MiniatureBench(
      MiniatureBenchSettings settings,
      Path work,
      Path sparConfigFile,
      TrainConfig dpoConfig,
      TrainConfig refinerConfig,
      Optional<TrainConfig> baseConfig) {
    this.settings = settings;
    this.work = work;
    this.sparConfigFile = sparConfigFile;
    this.dpoConfig = dpoConfig;
    this.refinerConfig = refinerConfig;
    this.baseConfig = baseConfig;
  }

  /**
   * Runs the benchmark.
   *
   * @param data the output of {@code spar miniature data}, or empty to write it under work/data
   * @param baseModel the SFT base model, or empty to train it under work/base
   */
  Result run(Optional<Path> data, Optional<Path> baseModel, SparkSession spark) {
    long started = System.nanoTime();
    SparConfig base = config(Map.of());
    RefinementChat chat =
        new RefinementChat(
            PromptTemplate.of(
                base.prompts().judge(),
                ConfFiles.read(base.prompts().judge()),
                Set.of(PromptTemplate.INSTRUCTION, PromptTemplate.RESPONSE)),
            PromptTemplate.of(
                base.prompts().refine(), ConfFiles.read(base.prompts().refine()), Set.of()));
    Path dataDir = data.orElseGet(() -> writeData(chat));
    MiniatureDataConfig dataConfig = readDataConfig(dataDir);
    List<List<MiniTask>> sets =
        new MiniTaskSynthesizer(WordBank.bundled())
            .disjointSets(
                dataConfig.seed(),
                dataConfig.evalInstructions(),
                dataConfig.trainInstructions(),
                dataConfig.sftInstructions());
    List<MiniTask> evalTasks = first(sets.get(0), settings.evalTasks(), "eval");
    List<MiniTask> trainTasks = first(sets.get(1), settings.trainTasks(), "train");
    Path input = work.resolve("iter-input.jsonl");
    InstructionJsonl.write(trainTasks, input);
    Map<String, MiniTask> byId = new HashMap<>();
    trainTasks.forEach(task -> byId.put(task.id(), task));
    trainById = byId;

    double baseSeconds = 0;
    Path model;
    if (baseModel.isPresent()) {
      model = baseModel.get();
    } else {
      long t = System.nanoTime();
      TrainingResult r =
          TrainingRun.sft(
              dataDir.resolve(MiniatureDataset.MODEL_DIR),
              List.of(dataDir.resolve("sft").toString()),
              work.resolve("base"),
              baseConfig.orElseThrow(),
              Integer.MAX_VALUE);
      model = r.finalModel().orElseThrow();
      baseSeconds = (System.nanoTime() - t) / 1e9;
      LOG.info("base model trained in {} s: {}", Math.round(baseSeconds), r.lastMetrics());
    }

    MiniatureEvaluator evaluator =
        new MiniatureEvaluator(
            evalTasks, new MiniTeacher(WordBank.bundled()), chat, settings.evaluation());
    Map<String, Object> sft = stage(measure(evaluator, "sft", model, model, 0), 0, 0, 0);
    putJudgeDiagnostics(sft);
    ArmResult refined = arm(REFINED, sft, model, input, evaluator, spark);
    ArmResult independent = arm(INDEPENDENT, sft, model, input, evaluator, spark);
    Map<String, Object> seeds = new LinkedHashMap<>();
    seeds.put("data", dataConfig.seed());
    seeds.put("job", base.seed());
    seeds.put("dpo_shuffle", dpoConfig.seed());
    seeds.put("refiner_sft_shuffle", refinerConfig.seed());
    baseConfig.ifPresent(c -> seeds.put("base_sft_shuffle", c.seed()));
    seeds.put("evaluation", settings.evaluation().seed());
    return new Result(
        refined, independent, seeds, baseSeconds, (System.nanoTime() - started) / 1e9);
  }

  private ArmResult arm(
      String arm,
      Map<String, Object> sft,
      Path start,
      Path input,
      MiniatureEvaluator evaluator,
      SparkSession spark) {
    List<Map<String, Object>> stages = new ArrayList<>();
    stages.add(sft);
    Path actor = start;
    Path refiner = start;
    for (int t = 1; t <= settings.iterations(); t++) {
      long t0 = System.nanoTime();
      IterationLayout layout = generate(arm, t, actor, refiner, input, spark);
      double generateSeconds = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      String pairs;
      long pairCount;
      if (arm.equals(REFINED)) {
        pairs = layout.publishedTable(OutputTable.ACTOR_PAIRS.tableName()).toString();
        pairCount = count(spark, pairs);
      } else {
        Path dir = work.resolve(arm).resolve("pairs").resolve("iteration=" + (t - 1));
        pairCount = writeIndependentPairs(spark, layout, input, dir);
        pairs = dir.toString();
      }
      double confirmed = PairAudit.confirmedShare(readPairs(spark, pairs), trainById);
      Path nextActor = actor;
      if (pairCount > 0) {
        nextActor =
            TrainingRun.dpo(
                    actor,
                    Optional.empty(),
                    List.of(pairs),
                    work.resolve(arm).resolve("actor-" + t),
                    dpoConfig,
                    Integer.MAX_VALUE)
                .finalModel()
                .orElseThrow();
      } else {
        LOG.warn("{} iteration {}: no pairs, the actor stays {}", arm, t, actor);
      }
      Path nextRefiner = trainRefiner(arm, t, refiner, layout, spark);
      double trainSeconds = (System.nanoTime() - t1) / 1e9;
      actor = nextActor;
      refiner = nextRefiner;
      StageMetrics m = measure(evaluator, "iter" + t, actor, refiner, pairCount);
      Map<String, Object> s =
          stage(m, generateSeconds, trainSeconds, count(spark, sftTable(layout)));
      s.put("pairs_confirmed_by_checkers", confirmed);
      putJudgeDiagnostics(s);
      stages.add(s);
    }
    return new ArmResult(stages);
  }

  /** The iteration's tables; a (actor, refiner) pair already generated for is reused. */
  private IterationLayout generate(
      String arm, int t, Path actor, Path refiner, Path input, SparkSession spark) {
    String key = actor.toAbsolutePath() + "|" + refiner.toAbsolutePath() + "|" + (t - 1);
    Path output =
        generationCache.computeIfAbsent(
            key,
            k -> {
              Path out = work.resolve(arm).resolve("data");
              SparConfig config =
                  config(
                      Map.of(
                          "model.actor", actor.toString(),
                          "model.refiner", refiner.toString(),
                          "job.input", input.toString(),
                          "job.output", out.toString(),
                          "job.iteration", Integer.toString(t - 1)));
              RunManifest manifest =
                  GenerateJob.withPromptFiles(
                          spark, config, new DjlModelLoader(config.model().maxBatchTokens()))
                      .run(false);
              LOG.info(
                  "{} iteration {}: outcomes {}, tables {}",
                  arm,
                  t,
                  manifest.outcomes(),
                  manifest.tables());
              return out;
            });
    return new IterationLayout(output.toString(), t - 1);
  }

  private Path trainRefiner(
      String arm, int t, Path refiner, IterationLayout layout, SparkSession spark) {
    String table = sftTable(layout);
    String key = refiner.toAbsolutePath() + "|" + table;
    return refinerCache.computeIfAbsent(
        key,
        k -> {
          if (count(spark, table) == 0) {
            LOG.warn("{} iteration {}: no refiner examples, the refiner stays {}", arm, t, refiner);
            return refiner;
          }
          return TrainingRun.sft(
                  refiner,
                  List.of(table),
                  work.resolve(arm).resolve("refiner-" + t),
                  refinerConfig,
                  Integer.MAX_VALUE)
              .finalModel()
              .orElseThrow();
        });
  }

  private static String sftTable(IterationLayout layout) {
    return layout.publishedTable(OutputTable.REFINER_SFT.tableName()).toString();
  }

  private void putJudgeDiagnostics(Map<String, Object> stage) {
    stage.put("judge_pass_on_compliant", lastRefinerScores.passOnCompliant());
    stage.put("judge_pass_on_failing", lastRefinerScores.passOnFailing());
    stage.put("judge_undecided", lastRefinerScores.undecided());
    stage.put(
        "judge_pass_on_failing_by_constraint",
        new java.util.TreeMap<>(lastRefinerScores.passOnFailingByConstraint()));
  }

  private static List<IndependentPairs.Pair> readPairs(SparkSession spark, String table) {
    List<IndependentPairs.Pair> pairs = new ArrayList<>();
    for (Row r :
        spark
            .read()
            .parquet(table)
            .select("instruction_id", "chosen", "rejected")
            .collectAsList()) {
      pairs.add(new IndependentPairs.Pair(r.getString(0), r.getString(1), r.getString(2)));
    }
    return pairs;
  }

  private static long count(SparkSession spark, String table) {
    return spark.read().parquet(table).count();
  }

  /** Independent-sampling pairs from the job's samples table, written as a pairs table. */
  private static long writeIndependentPairs(
      SparkSession spark, IterationLayout layout, Path input, Path out) {
    List<IndependentPairs.Sample> samples = new ArrayList<>();
    for (Row r :
        spark
            .read()
            .parquet(layout.publishedTable(OutputTable.SAMPLES.tableName()).toString())
            .select("instruction_id", "sample_index", "response", "decision")
            .collectAsList()) {
      samples.add(
          new IndependentPairs.Sample(r.getString(0), r.getInt(1), r.getString(2), r.getString(3)));
    }
    Map<String, String> prompts = new HashMap<>();
    for (Row r : spark.read().json(input.toString()).select("id", "prompt").collectAsList()) {
      prompts.put(r.getString(0), r.getString(1));
    }
    List<Row> rows = new ArrayList<>();
    for (IndependentPairs.Pair p : IndependentPairs.select(samples)) {
      rows.add(
          RowFactory.create(
              p.instructionId(), prompts.get(p.instructionId()), p.chosen(), p.rejected()));
    }
    StructType schema =
        new StructType()
            .add("instruction_id", DataTypes.StringType, false)
            .add("prompt", DataTypes.StringType, false)
            .add("chosen", DataTypes.StringType, false)
            .add("rejected", DataTypes.StringType, false);
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(out.toString());
    LOG.info("independent pairs: {} of {} samples -> {}", rows.size(), samples.size(), out);
    return rows.size();
  }

  private StageMetrics measure(
      MiniatureEvaluator evaluator, String stage, Path actor, Path refiner, long pairs) {
    RuntimeOptions options =
        RuntimeOptions.cpu().withBatchLimits(EVAL_BATCH_ROWS, EVAL_BATCH_ROWS * 512);
    MiniatureEvaluator.ActorScores a = actorScores.get(actor.toAbsolutePath().toString());
    if (a == null) {
      try (LanguageModel model = DjlLlamaModel.load(actor, options)) {
        a = evaluator.actor(model);
      }
      actorScores.put(actor.toAbsolutePath().toString(), a);
    }
    MiniatureEvaluator.RefinerScores r = refinerScores.get(refiner.toAbsolutePath().toString());
    if (r == null) {
      try (LanguageModel model = DjlLlamaModel.load(refiner, options)) {
        r = evaluator.refiner(model);
      }
      refinerScores.put(refiner.toAbsolutePath().toString(), r);
    }
    lastRefinerScores = r;
    return MiniatureEvaluator.combine(stage, a, r, pairs);
  }

  /** A stage's JSON object: the brief's keys first, then counts and timings. */
  static Map<String, Object> stage(
      StageMetrics m, double generateSeconds, double trainSeconds, long refinerExamples) {
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("stage", m.stage());
    s.put("actor_prompt_strict", m.actorPromptStrict());
    s.put("actor_instruction_strict", m.actorInstructionStrict());
    s.put("judge_accuracy", m.judgeAccuracy());
    s.put("refine_success", m.refineSuccess());
    s.put("pairs", m.pairs());
    s.put("refine_well_formed", m.refineWellFormed());
    s.put("refiner_examples", refinerExamples);
    s.put("eval_prompts", m.prompts());
    s.put("eval_instructions", m.instructions());
    s.put("judged_responses", m.judged());
    s.put("generate_seconds", round(generateSeconds));
    s.put("train_seconds", round(trainSeconds));
    s.put("eval_seconds", round(m.seconds()));
    return s;
  }

  private static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }

  private SparConfig config(Map<String, String> paths) {
    Map<String, String> all = new LinkedHashMap<>(settings.overrides());
    all.putAll(paths);
    return SparConfigLoader.parse(
        ConfFiles.read(sparConfigFile.toString()), sparConfigFile.toString(), all);
  }

  private Path writeData(RefinementChat chat) {
    MiniatureDataConfig defaults = MiniatureDataConfig.defaults();
    MiniatureDataConfig config =
        new MiniatureDataConfig(
            defaults.seed(),
            settings.sftInstructions(),
            Math.max(settings.trainTasks(), defaults.trainInstructions()),
            Math.max(settings.evalTasks(), defaults.evalInstructions()),
            defaults.bpeSize(),
            defaults.imperfectAnswerRate(),
            defaults.judgmentPairs());
    Path out = work.resolve("data");
    MiniatureDataset.write(config, chat, out);
    return out;
  }

  private static MiniatureDataConfig readDataConfig(Path dataDir) {
    Path file = dataDir.resolve(MiniatureDataset.SUMMARY_FILE);
    try {
      JsonNode node = new ObjectMapper().readTree(Files.readString(file)).get("config");
      return new ObjectMapper().treeToValue(node, MiniatureDataConfig.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          file + ": cannot read the data configuration (run spar miniature data first)", e);
    }
  }

  private static List<MiniTask> first(List<MiniTask> tasks, int n, String set) {
    if (tasks.size() < n) {
      throw new IllegalArgumentException(
          "the data's "
              + set
              + " set has "
              + tasks.size()
              + " instructions, fewer than "
              + n
              + " asked for; write the data with more");
    }
    return tasks.subList(0, n);
  }
}
