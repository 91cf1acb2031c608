package ai.spar.bench;

import ai.spar.config.ConfFiles;
import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.loop.Generated;
import ai.spar.loop.GeneratedIteration;
import ai.spar.loop.IterationTraining;
import ai.spar.loop.PairSource;
import ai.spar.loop.PreferencePairs;
import ai.spar.loop.Trained;
import ai.spar.miniature.IndependentPairs;
import ai.spar.miniature.MiniTask;
import ai.spar.miniature.MiniTaskSynthesizer;
import ai.spar.miniature.MiniTeacher;
import ai.spar.miniature.MiniatureEvaluator;
import ai.spar.miniature.PairedDifference;
import ai.spar.miniature.WordBank;
import ai.spar.miniature.dataset.InstructionJsonl;
import ai.spar.miniature.dataset.MiniatureDataConfig;
import ai.spar.miniature.dataset.MiniatureDataset;
import ai.spar.refine.RefinementChat;
import ai.spar.selfplay.SelfPlayStages;
import ai.spar.spark.DjlModelLoader;
import ai.spar.spark.GenerateJob;
import ai.spar.spark.IterationLayout;
import ai.spar.spark.OutputTable;
import ai.spar.spark.RunManifest;
import ai.spar.trainer.OutputPolicy;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miniature SPaR experiment. From the SFT model M0 it runs, per seed, SPaR iterations on fresh
 * training instructions (disjoint across iterations, from the SFT data and from the two held-out
 * sets): generation on local Spark, DPO of the actor on the pairs, SFT of the refiner on its
 * filtered outputs. Arms: refined pairs with the model as its own judge (the method);
 * independent-sampling pairs (a passing vs a failing actor sample) from the same kind of
 * generation, subsampled with the seed to the refined arm's pair count of the same iteration; both
 * again with the rule judge (every pair right by construction: the DPO sanity check); and the
 * paper's "without iterative training" control (one DPO from M0 on all iterations' refined pairs).
 * The DPO learning rate is chosen once on the dev set with the rule-judge arm's first iteration.
 *
 * <p>Every stage is measured on the test set (reporting only) and the dev set; changes are paired
 * differences on the same prompts ({@link PairedDifference}).
 *
 * <p>Layout under the work directory: {@code data/} (unless given), {@code base/} (unless given),
 * {@code input/iteration-N.jsonl}, {@code seed-S/<arm>/data/iteration=N/} (the job's tables),
 * {@code seed-S/<arm>/pairs/iteration=N/} (independent arms), {@code seed-S/<arm>/actor-N/}, {@code
 * seed-S/<arm>/refiner-N/}, {@code sweep/}.
 */
public final class MiniatureBench {
  private static final Logger LOG = LoggerFactory.getLogger(MiniatureBench.class);

  /** Sequences decoded together when measuring: a small model's decode step is overhead-bound. */
  static final int EVAL_BATCH_ROWS = 512;

  /** Spacing of the job seeds of successive benchmark seeds. */
  static final long SEED_STRIDE = 1000;

  /** One arm: which judge decides and where the pairs come from. */
  public record Arm(String judge, boolean refined) {
    String name() {
      return (refined ? "refined" : "independent") + "-" + judge;
    }
  }

  /** What one arm measured per stage ({@code sft} first), for one seed. */
  public record ArmResult(Arm arm, int seed, List<Map<String, Object>> stages) {}

  /** The whole experiment. */
  public record Result(
      Map<String, Object> sft,
      List<ArmResult> arms,
      List<Map<String, Object>> controls,
      Map<String, Object> comparisons,
      Map<String, Object> sweep,
      Map<String, Object> seeds,
      Map<String, Object> sizes,
      double baseSftSeconds,
      double seconds) {}

  private final MiniatureBenchSettings settings;
  private final Path work;
  private final Path sparConfigFile;
  private final String sparConfigText;
  private final long baseSeed;
  private final TrainConfig dpoBase;
  private final TrainConfig refinerConfig;
  private final Optional<TrainConfig> baseConfig;
  private TrainConfig dpoConfig;
  private final Map<String, Path> refinerCache = new HashMap<>();
  private final Map<String, GeneratedIteration> generationCache = new HashMap<>();
  private final Map<String, MiniTask> trainById = new HashMap<>();
  private final Map<String, MiniatureEvaluator.ActorScores> testScores = new HashMap<>();
  private final Map<String, MiniatureEvaluator.ActorScores> devScores = new HashMap<>();
  private final Map<String, MiniatureEvaluator.RefinerScores> refinerScores = new HashMap<>();
  private MiniatureEvaluator test;
  private MiniatureEvaluator dev;

  public MiniatureBench(
      MiniatureBenchSettings settings,
      Path work,
      Path sparConfigFile,
      TrainConfig dpoConfig,
      TrainConfig refinerConfig,
      Optional<TrainConfig> baseConfig) {
    this.settings = settings;
    this.work = work;
    this.sparConfigFile = sparConfigFile;
    this.sparConfigText = ConfFiles.read(sparConfigFile.toString());
    this.baseSeed =
        SparConfigLoader.parse(sparConfigText, sparConfigFile.toString(), settings.overrides())
            .seed();
    this.dpoBase = dpoConfig;
    this.dpoConfig = dpoConfig;
    this.refinerConfig = refinerConfig;
    this.baseConfig = baseConfig;
  }

  /**
   * Runs the experiment.
   *
   * @param data the output of {@code spar miniature data}, or empty to write it under work/data
   * @param baseModel the SFT base model, or empty to train it under work/base
   */
  public Result run(Optional<Path> data, Optional<Path> baseModel, SparkSession spark) {
    long started = System.nanoTime();
    SparConfig base = config(Map.of(), 0, "llm");
    RefinementChat chat = SelfPlayStages.read(base).chat();
    Path dataDir = data.orElseGet(() -> writeData(chat));
    MiniatureDataConfig dataConfig = readDataConfig(dataDir);
    List<List<MiniTask>> sets = experimentSets(dataConfig);
    List<MiniTask> testTasks = sets.get(0);
    List<MiniTask> devTasks = sets.get(1);
    List<Path> inputs = new ArrayList<>();
    for (int t = 1; t <= settings.iterations(); t++) {
      List<MiniTask> train = sets.get(1 + t);
      Path input = work.resolve("input").resolve("iteration-" + t + ".jsonl");
      InstructionJsonl.write(train, input);
      inputs.add(input);
      train.forEach(task -> trainById.put(task.id(), task));
    }

    double baseSeconds = 0;
    Path m0;
    if (baseModel.isPresent()) {
      m0 = baseModel.get();
    } else {
      long t = System.nanoTime();
      TrainingResult r =
          TrainingRun.sft(
              dataDir.resolve(MiniatureDataset.MODEL_DIR),
              List.of(dataDir.resolve("sft").toString()),
              work.resolve("base"),
              baseConfig.orElseThrow(),
              Integer.MAX_VALUE);
      m0 = r.finalModel().orElseThrow();
      baseSeconds = (System.nanoTime() - t) / 1e9;
      LOG.info("base model trained in {} s: {}", Math.round(baseSeconds), r.lastMetrics());
    }

    MiniTeacher teacher = new MiniTeacher(WordBank.bundled());
    test = new MiniatureEvaluator(testTasks, teacher, chat, settings.evaluation());
    dev = new MiniatureEvaluator(devTasks, teacher, chat, settings.evaluation());
    Map<String, Object> sft = measure("sft", m0, m0, 0);
    LOG.info("sft: {}", sft);
    Map<String, Object> sweep = sweepLearningRate(m0, inputs.get(0), spark);

    List<ArmResult> arms = new ArrayList<>();
    List<Map<String, Object>> controls = new ArrayList<>();
    List<String> judges = settings.ruleJudgeArms() ? List.of("llm", "rules") : List.of("llm");
    for (int seed = 0; seed < settings.seeds(); seed++) {
      dpoConfig = dpoConfig.with(Map.of("seed", dpoBase.seed() + seed));
      for (String judge : judges) {
        ArmResult refined = arm(new Arm(judge, true), seed, sft, m0, inputs, null, spark);
        arms.add(refined);
        arms.add(arm(new Arm(judge, false), seed, sft, m0, inputs, refined, spark));
      }
      if (settings.control()) {
        controls.add(control(seed, m0, arms.get(arms.size() - (judges.size() * 2)), spark));
      }
    }
    Map<String, Object> seeds = new LinkedHashMap<>();
    seeds.put("data", dataConfig.seed());
    seeds.put("job", base.seed());
    seeds.put("job_stride_per_seed", SEED_STRIDE);
    seeds.put("dpo_shuffle", dpoBase.seed());
    seeds.put("refiner_sft_shuffle", refinerConfig.seed());
    baseConfig.ifPresent(c -> seeds.put("base_sft_shuffle", c.seed()));
    seeds.put("evaluation", settings.evaluation().seed());
    seeds.put("count", settings.seeds());
    Map<String, Object> sizes = new LinkedHashMap<>();
    sizes.put("test_prompts", testTasks.size());
    sizes.put("dev_prompts", devTasks.size());
    sizes.put("train_instructions_per_iteration", settings.trainTasks());
    sizes.put("iterations", settings.iterations());
    sizes.put("independent_iterations", settings.independentIterations());
    sizes.put("actor_samples", base.actor().samples());
    sizes.put("judge_votes", base.judge().votes());
    sizes.put(
        "search",
        base.search().policy()
            + " branch "
            + base.search().branch()
            + " select "
            + base.search().selectBranch()
            + " depth "
            + base.search().maxDepth()
            + " budget "
            + base.search().nodeBudget());
    sizes.put("dpo_learning_rate", dpoConfig.learningRate());
    sizes.put("dpo_epochs", dpoConfig.epochs());
    return new Result(
        sft,
        arms,
        controls,
        BenchComparisons.of(sft, arms, controls, testScores),
        sweep,
        seeds,
        sizes,
        baseSeconds,
        (System.nanoTime() - started) / 1e9);
  }

  /**
   * Test, dev and per-iteration training sets, drawn from the data's synthesis stream after its
   * eval, train and SFT sets, so that they are disjoint from every one of them.
   */
  private List<List<MiniTask>> experimentSets(MiniatureDataConfig dataConfig) {
    int[] sizes = new int[5 + settings.iterations()];
    sizes[0] = dataConfig.evalInstructions();
    sizes[1] = dataConfig.trainInstructions();
    sizes[2] = dataConfig.sftInstructions();
    sizes[3] = settings.testTasks();
    sizes[4] = settings.devTasks();
    for (int t = 0; t < settings.iterations(); t++) {
      sizes[5 + t] = settings.trainTasks();
    }
    List<List<MiniTask>> all =
        new MiniTaskSynthesizer(WordBank.bundled()).disjointSets(dataConfig.seed(), sizes);
    return all.subList(3, all.size());
  }

  /** Picks the DPO learning rate on the dev set from the rule-judge arm's first iteration. */
  private Map<String, Object> sweepLearningRate(Path m0, Path input, SparkSession spark) {
    Map<String, Object> sweep = new LinkedHashMap<>();
    if (settings.dpoLearningRates().size() == 1) {
      dpoConfig = dpoBase.with(Map.of("learningRate", settings.dpoLearningRates().get(0)));
      sweep.put("chosen", dpoConfig.learningRate());
      return sweep;
    }
    String pairs =
        generate(new Arm("rules", true), 0, 1, m0, m0, input, spark).table(OutputTable.ACTOR_PAIRS);
    List<Map<String, Object>> tried = new ArrayList<>();
    double best = -1;
    double bestLr = settings.dpoLearningRates().get(0);
    for (double lr : settings.dpoLearningRates()) {
      TrainConfig c = dpoBase.with(Map.of("learningRate", lr));
      Path out = work.resolve("sweep").resolve("lr-" + lr);
      TrainingResult r =
          TrainingRun.dpo(m0, Optional.empty(), List.of(pairs), out, c, Integer.MAX_VALUE);
      Path actor = r.finalModel().orElseThrow();
      MiniatureEvaluator.ActorScores d = devScores(actor);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("learning_rate", lr);
      row.put("dev_prompt_strict", d.promptStrict());
      row.put(
          "dev_change", json(PairedDifference.of(devScores(m0).promptPassed(), d.promptPassed())));
      row.putAll(logpsChosen(out));
      tried.add(row);
      LOG.info("DPO learning rate {}: dev prompt strict {}", lr, d.promptStrict());
      if (d.promptStrict() > best) {
        best = d.promptStrict();
        bestLr = lr;
      }
    }
    dpoConfig = dpoBase.with(Map.of("learningRate", bestLr));
    sweep.put("on", "dev set, rule-judge refined pairs of iteration 1, seed 0");
    sweep.put("tried", tried);
    sweep.put("chosen", bestLr);
    return sweep;
  }

  private ArmResult arm(
      Arm arm,
      int seed,
      Map<String, Object> sft,
      Path m0,
      List<Path> inputs,
      ArmResult refinedArm,
      SparkSession spark) {
    List<Map<String, Object>> stages = new ArrayList<>();
    stages.add(sft);
    Path actor = m0;
    Path refiner = m0;
    Path armDir = work.resolve("seed-" + seed).resolve(arm.name());
    int iterations = arm.refined() ? settings.iterations() : settings.independentIterations();
    for (int t = 1; t <= iterations; t++) {
      Path startActor = actor;
      long t0 = System.nanoTime();
      GeneratedIteration generated =
          generate(arm, seed, t, actor, refiner, inputs.get(t - 1), spark);
      IterationLayout layout = layout(generated);
      double generateSeconds = (System.nanoTime() - t0) / 1e9;
      long t1 = System.nanoTime();
      Map<String, Object> diagnostics = JobDiagnostics.of(spark, layout, trainById);
      PreferencePairs pairs;
      List<IndependentPairs.Pair> pairList;
      if (arm.refined()) {
        pairs = PairSource.REFINED.select(generated);
        pairList = JobDiagnostics.refinedPairs(spark, layout);
      } else {
        long target = (Long) refinedArm.stages().get(t).get("pairs");
        IndependentPairSource source =
            new IndependentPairSource(
                spark,
                inputs.get(t - 1),
                armDir.resolve("pairs").resolve("iteration=" + (t - 1)),
                target,
                SEED_STRIDE * seed + t);
        pairs = source.select(generated);
        pairList = source.selected();
      }
      Path out = armDir.resolve("actor-" + t);
      Trained trained =
          IterationTraining.trainActor(
              actor.toString(), pairs, out, dpoConfig, OutputPolicy.DEFAULT);
      Path nextActor = Path.of(trained.checkpoint());
      Map<String, Object> dpo = new LinkedHashMap<>();
      if (trained.skipped() == null) {
        dpo.putAll(logpsChosen(out));
      } else {
        LOG.warn("{} iteration {}: no pairs, the actor stays {}", arm.name(), t, actor);
      }
      Path nextRefiner = trainRefiner(arm, armDir, t, refiner, layout, spark);
      double trainSeconds = (System.nanoTime() - t1) / 1e9;
      actor = nextActor;
      refiner = nextRefiner;
      Map<String, Object> s = measure("iter" + t, actor, refiner, pairList.size());
      s.put("arm", arm.name());
      s.put("seed", seed);
      s.putAll(diagnostics);
      s.putAll(JobDiagnostics.audit("pairs_", pairList, trainById));
      s.putAll(dpo);
      if (!arm.refined()) {
        long refinedCount = ((Number) refinedArm.stages().get(t).get("pairs")).longValue();
        if (pairList.size() < refinedCount) {
          s.put(
              "refined_at_equal_count",
              refinedAtEqualCount(spark, refinedArm, seed, t, startActor, pairList.size(), armDir));
        }
      }
      s.put("refiner_examples", count(spark, sftTable(layout)));
      s.put("generate_seconds", round(generateSeconds));
      s.put("train_seconds", round(trainSeconds));
      s.put("actor_model", actor.toString());
      stages.add(s);
      LOG.info("{} seed {} iter{}: {}", arm.name(), seed, t, s);
    }
    return new ArmResult(arm, seed, stages);
  }

  /**
   * When the independent arm found fewer pairs than the refined arm, the refined pairs of the same
   * iteration subsampled with the seed to that count, trained by DPO from the independent arm's
   * starting actor (at iteration 1 both arms start from M0 and share the generation): the
   * comparison at equal pair count.
   */
  private Map<String, Object> refinedAtEqualCount(
      SparkSession spark,
      ArmResult refinedArm,
      int seed,
      int t,
      Path start,
      int count,
      Path armDir) {
    IterationLayout layout =
        new IterationLayout(
            work.resolve("seed-" + seed)
                .resolve(refinedArm.arm().name())
                .resolve("data")
                .toString(),
            t - 1);
    List<IndependentPairs.Pair> refined =
        new ArrayList<>(JobDiagnostics.refinedPairs(spark, layout));
    Collections.shuffle(refined, new Random(SEED_STRIDE * seed + t));
    List<IndependentPairs.Pair> kept =
        List.copyOf(refined.subList(0, Math.min(count, refined.size())));
    Path dir = armDir.resolve("refined-equal-pairs").resolve("iteration=" + (t - 1));
    IndependentPairSource.write(
        spark, kept, work.resolve("input").resolve("iteration-" + t + ".jsonl"), dir);
    Map<String, Object> m = new LinkedHashMap<>();
    Path actor = start;
    if (!kept.isEmpty()) {
      Path out = armDir.resolve("refined-equal-actor-" + t);
      actor =
          TrainingRun.dpo(
                  start,
                  Optional.empty(),
                  List.of(dir.toString()),
                  out,
                  dpoConfig,
                  Integer.MAX_VALUE)
              .finalModel()
              .orElseThrow();
      m.putAll(logpsChosen(out));
    }
    m.putAll(measureActor("iter" + t, actor, kept.size()));
    m.putAll(JobDiagnostics.audit("pairs_", kept, trainById));
    LOG.info("refined pairs at the independent arm's count {}: {}", kept.size(), m);
    return m;
  }

  /** One DPO run from M0 on all iterations' refined pairs (the paper's non-iterative control). */
  private Map<String, Object> control(int seed, Path m0, ArmResult refined, SparkSession spark) {
    List<String> tables = new ArrayList<>();
    long pairs = 0;
    for (int t = 1; t <= settings.iterations(); t++) {
      String table =
          new IterationLayout(
                  work.resolve("seed-" + seed)
                      .resolve(refined.arm().name())
                      .resolve("data")
                      .toString(),
                  t - 1)
              .publishedTable(OutputTable.ACTOR_PAIRS.tableName())
              .toString();
      long n = count(spark, table);
      if (n > 0) {
        tables.add(table);
        pairs += n;
      }
    }
    Path actor = m0;
    Map<String, Object> dpo = new LinkedHashMap<>();
    if (!tables.isEmpty()) {
      Path out = work.resolve("seed-" + seed).resolve("no-iterative").resolve("actor");
      actor =
          TrainingRun.dpo(m0, Optional.empty(), tables, out, dpoConfig, Integer.MAX_VALUE)
              .finalModel()
              .orElseThrow();
      dpo.putAll(logpsChosen(out));
    }
    Map<String, Object> s = measureActor("no_iterative", actor, pairs);
    s.put("arm", "no_iterative-" + refined.arm().judge());
    s.put("seed", seed);
    s.putAll(dpo);
    s.put("actor_model", actor.toString());
    return s;
  }

  /**
   * The iteration's tables; an (arm judge, seed, actor, refiner, iteration) already run is reused.
   */
  private GeneratedIteration generate(
      Arm arm, int seed, int t, Path actor, Path refiner, Path input, SparkSession spark) {
    String key =
        arm.judge()
            + "|"
            + seed
            + "|"
            + actor.toAbsolutePath()
            + "|"
            + refiner.toAbsolutePath()
            + "|"
            + t;
    return generationCache.computeIfAbsent(
        key,
        k -> {
          Path out = work.resolve("seed-" + seed).resolve(arm.name()).resolve("data");
          SparConfig config =
              config(
                  Map.of(
                      "model.actor", actor.toString(),
                      "model.refiner", refiner.toString(),
                      "job.input", input.toString(),
                      "job.output", out.toString(),
                      "job.iteration", Integer.toString(t - 1)),
                  seed,
                  arm.judge());
          RunManifest manifest =
              GenerateJob.withPromptFiles(
                      spark, config, new DjlModelLoader(config.model().maxBatchTokens()))
                  .run(false);
          LOG.info(
              "{} seed {} iteration {}: outcomes {}, tables {}",
              arm.name(),
              seed,
              t,
              manifest.outcomes(),
              manifest.tables());
          return new GeneratedIteration(
              t - 1,
              new Generated(
                  manifest.output(),
                  manifest.outcomes(),
                  manifest.tables(),
                  manifest.generatedTokens()));
        });
  }

  /** The layout of a generated iteration (its output root is the published iteration's parent). */
  private static IterationLayout layout(GeneratedIteration generated) {
    return new IterationLayout(
        new org.apache.hadoop.fs.Path(generated.generated().data()).getParent().toString(),
        generated.iteration());
  }

  private Path trainRefiner(
      Arm arm, Path armDir, int t, Path refiner, IterationLayout layout, SparkSession spark) {
    String table = sftTable(layout);
    String key = refiner.toAbsolutePath() + "|" + table;
    return refinerCache.computeIfAbsent(
        key,
        k -> {
          Trained trained =
              IterationTraining.trainRefiner(
                  refiner.toString(),
                  table,
                  count(spark, table),
                  armDir.resolve("refiner-" + t),
                  refinerConfig,
                  OutputPolicy.DEFAULT);
          if (trained.skipped() != null) {
            LOG.warn(
                "{} iteration {}: no refiner examples, the refiner stays {}",
                arm.name(),
                t,
                refiner);
          }
          return Path.of(trained.checkpoint());
        });
  }

  private static String sftTable(IterationLayout layout) {
    return layout.publishedTable(OutputTable.REFINER_SFT.tableName()).toString();
  }

  private static long count(SparkSession spark, String table) {
    return spark.read().parquet(table).count();
  }

  /** A stage: the actor on test and dev, the refiner on dev. */
  private Map<String, Object> measure(String stage, Path actor, Path refiner, long pairs) {
    Map<String, Object> s = measureActor(stage, actor, pairs);
    MiniatureEvaluator.RefinerScores r = refinerScores.get(key(refiner));
    if (r == null) {
      try (LanguageModel model = DjlLlamaModel.load(refiner, options())) {
        r = dev.refiner(model);
      }
      refinerScores.put(key(refiner), r);
    }
    s.put("judge_accuracy", r.judgeAccuracy());
    s.put("refine_success", r.refineSuccess());
    s.put("refine_well_formed", r.refineWellFormed());
    s.put("judge_pass_on_compliant", r.passOnCompliant());
    s.put("judge_pass_on_failing", r.passOnFailing());
    s.put("judge_undecided", r.undecided());
    s.put(
        "judge_pass_on_failing_by_constraint",
        new java.util.TreeMap<>(r.passOnFailingByConstraint()));
    s.put("judged_responses", r.judged());
    return s;
  }

  private Map<String, Object> measureActor(String stage, Path actor, long pairs) {
    MiniatureEvaluator.ActorScores a = testScores.get(key(actor));
    if (a == null) {
      try (LanguageModel model = DjlLlamaModel.load(actor, options())) {
        a = test.actor(model);
      }
      testScores.put(key(actor), a);
    }
    MiniatureEvaluator.ActorScores d = devScores(actor);
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("stage", stage);
    s.put("actor_prompt_strict", a.promptStrict());
    s.put("actor_instruction_strict", a.instructionStrict());
    s.put("dev_prompt_strict", d.promptStrict());
    s.put("dev_instruction_strict", d.instructionStrict());
    s.put("pairs", pairs);
    s.put("test_prompts", a.prompts());
    s.put("actor_key", key(actor));
    StringBuilder passed = new StringBuilder(a.promptPassed().size());
    a.promptPassed().forEach(p -> passed.append(p ? '1' : '0'));
    s.put("test_passed", passed.toString()); // per test prompt, in order: for paired comparisons
    return s;
  }

  private MiniatureEvaluator.ActorScores devScores(Path actor) {
    MiniatureEvaluator.ActorScores d = devScores.get(key(actor));
    if (d == null) {
      try (LanguageModel model = DjlLlamaModel.load(actor, options())) {
        d = dev.actor(model);
      }
      devScores.put(key(actor), d);
    }
    return d;
  }

  private static RuntimeOptions options() {
    return RuntimeOptions.cpu().withBatchLimits(EVAL_BATCH_ROWS, EVAL_BATCH_ROWS * 512);
  }

  private static String key(Path model) {
    return model.toAbsolutePath().normalize().toString();
  }

  /** The mean chosen log-prob of the DPO run's first and last logged steps (collapse check). */
  static Map<String, Object> logpsChosen(Path dpoOutput) {
    Path file = dpoOutput.resolve("metrics.jsonl");
    Map<String, Object> m = new LinkedHashMap<>();
    if (!Files.exists(file)) {
      return m;
    }
    try {
      ObjectMapper json = new ObjectMapper();
      Double first = null;
      Double last = null;
      int steps = 0;
      for (String line : Files.readAllLines(file)) {
        JsonNode node = json.readTree(line);
        if (node.has("logps/chosen")) {
          double v = node.get("logps/chosen").asDouble();
          first = first == null ? v : first;
          last = v;
          steps++;
        }
      }
      if (first != null) {
        m.put("dpo_steps", steps);
        m.put("dpo_logps_chosen_first", first);
        m.put("dpo_logps_chosen_last", last);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return m;
  }

  static Map<String, Object> json(PairedDifference d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", d.mean());
    m.put("se", d.standardError());
    m.put("standard_errors", d.standardErrors());
    m.put("prompts", d.prompts());
    m.put("gained", d.gained());
    m.put("lost", d.lost());
    return m;
  }

  public static double round(double seconds) {
    return Math.round(seconds * 10) / 10.0;
  }

  /** The experiment's configuration for one generation: the file, the overrides, then these. */
  private SparConfig config(Map<String, String> paths, int seed, String judge) {
    Map<String, String> all = new LinkedHashMap<>(settings.overrides());
    all.putAll(paths);
    all.put("seed", Long.toString(baseSeed + SEED_STRIDE * seed));
    all.put("judge.mode", judge);
    return SparConfigLoader.parse(sparConfigText, sparConfigFile.toString(), all);
  }

  private Path writeData(RefinementChat chat) {
    MiniatureDataConfig defaults = MiniatureDataConfig.defaults();
    MiniatureDataConfig config =
        new MiniatureDataConfig(
            defaults.seed(),
            settings.sftInstructions(),
            defaults.trainInstructions(),
            defaults.evalInstructions(),
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
}
