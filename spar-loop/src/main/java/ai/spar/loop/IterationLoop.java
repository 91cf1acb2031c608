package ai.spar.loop;

import ai.spar.config.ConfFiles;
import ai.spar.config.LoopConfig;
import ai.spar.config.SparConfig;
import ai.spar.ifeval.IfevalPrompt;
import ai.spar.ifeval.IfevalScorer;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.SamplingParams;
import ai.spar.loop.LoopState.IterationRecord;
import ai.spar.loop.LoopState.StepRecord;
import ai.spar.loop.LoopState.Steps;
import ai.spar.spark.ExecutorModels;
import ai.spar.spark.GenerateJob;
import ai.spar.spark.ModelKey;
import ai.spar.spark.ModelLoader;
import ai.spar.spark.ModelLocalizer;
import ai.spar.spark.OutputTable;
import ai.spar.spark.RunManifest;
import ai.spar.trainer.Objective;
import ai.spar.trainer.OutputPolicy;
import ai.spar.trainer.TrainConfig;
import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SPaR iterations: for each t, generate with (M_t, R_t), train M_{t+1} with DPO on the
 * iteration's preference pairs (from a {@link PairSource}) and R_{t+1} with SFT on the refiner
 * examples, evaluate M_{t+1} on IFEval-style prompts, and gate its promotion. Every step is
 * recorded in {@link LoopState} only after its output is committed; a re-run skips recorded steps.
 * An iteration the gate rejects stops the run; the next iteration starts again from M_t and R_t.
 * Not thread-safe.
 */
public final class IterationLoop {
  private static final Logger LOG = LoggerFactory.getLogger(IterationLoop.class);

  /** Exit code: every iteration run was promoted. */
  public static final int PROMOTED = 0;

  /** Exit code: a failure (exception). */
  public static final int FAILED = 1;

  /** Exit code: the gate rejected an iteration's actor; the loop stopped there. */
  public static final int REJECTED = 3;

  /** A training step not recorded in the state is redone, replacing a final/ it may have left. */
  private static final OutputPolicy REDO_UNRECORDED = new OutputPolicy(true, false);

  private final SparConfig config;
  private final Supplier<SparkSession> spark;
  private final ModelLoader loader;
  private final TrainConfig dpo;
  private final TrainConfig sft;
  private final PairSource pairs;
  private final Path root;
  private final Path stateFile;
  private EvaluationSets evaluationSets;

  /**
   * @param config the configuration ({@code loop}, {@code job.input}, {@code model} for iteration
   *     0, ...)
   * @param spark the Spark session for generation, created on first use
   * @param loader loads models for generation and evaluation
   * @param dpo the actor's DPO settings
   * @param sft the refiner's SFT settings
   * @param pairs where the actor's preference pairs come from
   */
  public IterationLoop(
      SparConfig config,
      Supplier<SparkSession> spark,
      ModelLoader loader,
      TrainConfig dpo,
      TrainConfig sft,
      PairSource pairs) {
    this.config = config;
    this.spark = spark;
    this.loader = loader;
    this.dpo = dpo;
    this.sft = sft;
    this.pairs = pairs;
    this.root = Paths.get(config.loop().root()).toAbsolutePath();
    this.stateFile = root.resolve("iterations.json");
  }

  /** The method's loop: the job's refined pairs. */
  public IterationLoop(
      SparConfig config,
      Supplier<SparkSession> spark,
      ModelLoader loader,
      TrainConfig dpo,
      TrainConfig sft) {
    this(config, spark, loader, dpo, sft, PairSource.REFINED);
  }

  /**
   * The loop of a configuration: DPO and SFT settings from {@code loop.dpo_config} and {@code
   * loop.sft_config} ({@link #trainConfig}), the job's refined pairs.
   */
  public static IterationLoop of(
      SparConfig config, Supplier<SparkSession> spark, ModelLoader loader) {
    return new IterationLoop(
        config,
        spark,
        loader,
        trainConfig(config.loop().dpoConfig(), Objective.DPO),
        trainConfig(config.loop().sftConfig(), Objective.SFT));
  }

  /**
   * The trainer settings a {@code loop.dpo_config} / {@code loop.sft_config} names, found like
   * every other configuration file (working directory, then the SPaR home); the method's defaults
   * when empty.
   */
  public static TrainConfig trainConfig(String file, Objective objective) {
    return file.isEmpty()
        ? TrainConfig.defaults(objective)
        : TrainConfig.load(ConfFiles.locate(file).orElse(Paths.get(file)), objective);
  }

  /** {@code <loop.root>/iterations.json}. */
  public Path stateFile() {
    return stateFile;
  }

  /** The loop's recorded state (empty before the first run). */
  public LoopState state() {
    return LoopState.read(stateFile);
  }

  /**
   * Runs iterations.
   *
   * @param from the first iteration, or empty to continue after the last complete one
   * @param iterations how many iterations to run
   * @return {@link #PROMOTED} or {@link #REJECTED}
   */
  public int run(Optional<Integer> from, int iterations) {
    Preconditions.checkArgument(
        iterations >= 1, "iterations must be >= 1, but was: %s", iterations);
    LoopState state = LoopState.read(stateFile);
    int start = from.orElseGet(() -> firstIncomplete(state));
    for (int t = start; t < start + iterations; t++) {
      IterationRecord record = begin(state, t);
      for (Step step : Step.values()) {
        if (record.done(step)) {
          continue;
        }
        LOG.info("iteration {}: {} ...", t, step.key());
        record = record.withSteps(runStep(step, record));
        state.put(record);
        state.write(stateFile);
      }
      GateDecision gate = record.steps().gate().outputs();
      if (!gate.promoted()) {
        LOG.warn(
            "iteration {}: the gate rejected actor {} ({}); stopping: the next iteration starts"
                + " again from {}",
            t,
            record.trainedActor(),
            gate.reason(),
            record.actor());
        return REJECTED;
      }
    }
    return PROMOTED;
  }

  private static int firstIncomplete(LoopState state) {
    for (IterationRecord record : state.iterations()) {
      if (!record.complete()) {
        return record.iteration();
      }
    }
    return state.iterations().isEmpty()
        ? 0
        : state.iterations().get(state.iterations().size() - 1).iteration() + 1;
  }

  /**
   * The record of iteration t, created from the previous iteration's checkpoints: the trained ones
   * when its gate promoted them, its own starting ones when the gate rejected them.
   */
  private IterationRecord begin(LoopState state, int t) {
    Optional<IterationRecord> existing = state.iteration(t);
    if (existing.isPresent()) {
      return existing.get();
    }
    IterationRecord record;
    if (t == 0) {
      String actor = ModelLocalizer.absoluteIfLocal(config.model().actor());
      String refiner = ModelLocalizer.absoluteIfLocal(config.model().refinerOrActor());
      record = new IterationRecord(t, actor, refiner, evaluate(actor, t, "baseline"), Steps.NONE);
    } else {
      IterationRecord previous =
          state
              .iteration(t - 1)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "cannot start iteration "
                              + t
                              + ": iteration "
                              + (t - 1)
                              + " has not run"));
      Preconditions.checkArgument(
          previous.complete(),
          "cannot start iteration %s: iteration %s is incomplete (re-run without --from to finish it)",
          t,
          t - 1);
      if (previous.steps().gate().outputs().promoted()) {
        record =
            new IterationRecord(
                t,
                previous.trainedActor(),
                previous.trainedRefiner(),
                previous.steps().evaluate().outputs().metrics(),
                Steps.NONE);
      } else {
        LOG.info(
            "iteration {}: the gate rejected iteration {}'s checkpoints; starting again from {}",
            t,
            t - 1,
            previous.actor());
        record =
            new IterationRecord(
                t, previous.actor(), previous.refiner(), previous.baseline(), Steps.NONE);
      }
    }
    state.put(record);
    state.write(stateFile);
    return record;
  }

  private Steps runStep(Step step, IterationRecord record) {
    Steps steps = record.steps();
    return switch (step) {
      case GENERATE -> steps.withGenerate(timed(step, record, () -> generate(record)));
      case TRAIN_ACTOR -> steps.withTrainActor(timed(step, record, () -> trainActor(record)));
      case TRAIN_REFINER -> steps.withTrainRefiner(timed(step, record, () -> trainRefiner(record)));
      case EVALUATE ->
          steps.withEvaluate(
              timed(
                  step,
                  record,
                  () ->
                      new Evaluated(evaluate(record.trainedActor(), record.iteration(), "actor"))));
      case GATE -> steps.withGate(timed(step, record, () -> gate(record)));
    };
  }

  private static <T> StepRecord<T> timed(Step step, IterationRecord record, Supplier<T> run) {
    Instant started = Instant.now();
    T outputs = run.get();
    Instant finished = Instant.now();
    LOG.info("iteration {}: {} done: {}", record.iteration(), step.key(), outputs);
    return new StepRecord<>(
        started.toString(),
        finished.toString(),
        finished.toEpochMilli() - started.toEpochMilli(),
        outputs);
  }

  private Generated generate(IterationRecord record) {
    SparConfig iteration =
        config
            .withModel(config.model().withActor(record.actor()).withRefiner(record.refiner()))
            .withJob(
                config
                    .job()
                    .withOutput(root.resolve("data").toString())
                    .withIteration(record.iteration()));
    RunManifest manifest = GenerateJob.withPromptFiles(spark.get(), iteration, loader).run(true);
    ExecutorModels.closeAll();
    return new Generated(
        manifest.output(), manifest.outcomes(), manifest.tables(), manifest.generatedTokens());
  }

  private GeneratedIteration generated(IterationRecord record) {
    return new GeneratedIteration(
        record.iteration(),
        record.steps().required(Step.GENERATE, record.steps().generate()).outputs());
  }

  private Trained trainActor(IterationRecord record) {
    return IterationTraining.trainActor(
        record.actor(),
        pairs.select(generated(record)),
        root.resolve("train").resolve("actor-" + (record.iteration() + 1)),
        dpo,
        REDO_UNRECORDED);
  }

  private Trained trainRefiner(IterationRecord record) {
    GeneratedIteration generated = generated(record);
    return IterationTraining.trainRefiner(
        record.refiner(),
        generated.table(OutputTable.REFINER_SFT),
        generated.rows(OutputTable.REFINER_SFT),
        root.resolve("train").resolve("refiner-" + (record.iteration() + 1)),
        sft,
        REDO_UNRECORDED);
  }

  /**
   * IFEval-style evaluation of a model on the test set (prompt and instruction level, strict and
   * loose, and their average) and, under {@code dev}, the same on the gate's dev set.
   */
  private IfevalScores evaluate(String model, int iteration, String name) {
    EvaluationSets sets = evaluationSets();
    LanguageModel lm =
        loader.load(new ModelKey(model, config.model().device(), config.model().precision()));
    try {
      IfevalScores test = score(lm, sets.test(), iteration, name);
      return test.withDev(score(lm, sets.dev(), iteration, name + "-dev"));
    } finally {
      lm.close();
    }
  }

  private IfevalScores score(
      LanguageModel lm, List<IfevalPrompt> prompts, int iteration, String name) {
    IfevalScorer.Scoring scoring =
        new IfevalScorer(prompts)
            .generateAndScore(
                lm, SamplingParams.greedy(config.loop().evalMaxNewTokens()), prompts.size());
    Path output = root.resolve("eval").resolve("iteration=" + iteration).resolve(name + ".jsonl");
    IfevalScorer.write(scoring, output);
    return IfevalScores.of(scoring.report(), output.toString());
  }

  private EvaluationSets evaluationSets() {
    if (evaluationSets == null) {
      LoopConfig loop = config.loop();
      List<IfevalPrompt> all =
          loop.evalInput().isEmpty()
              ? IfevalPrompt.bundled()
              : IfevalPrompt.read(Paths.get(loop.evalInput()));
      evaluationSets =
          EvaluationSets.of(
              all,
              loop.evalInput().isEmpty() ? "the bundled IFEval prompts" : loop.evalInput(),
              loop.gateInput().isEmpty()
                  ? Optional.empty()
                  : Optional.of(IfevalPrompt.read(Paths.get(loop.gateInput()))),
              loop.gateInput(),
              loop.gateShare(),
              loop.evalPrompts());
      LOG.info(
          "evaluation: {} test prompts; the gate decides on {} dev prompts ({})",
          evaluationSets.test().size(),
          evaluationSets.dev().size(),
          loop.gateInput().isEmpty()
              ? "held out from the evaluation set, loop.gate_share " + loop.gateShare()
              : loop.gateInput());
    }
    return evaluationSets;
  }

  private GateDecision gate(IterationRecord record) {
    IfevalScores candidate =
        record.steps().required(Step.EVALUATE, record.steps().evaluate()).outputs().metrics();
    return GateDecision.of(
        devAverage(record.baseline(), record.iteration(), "baseline"),
        devAverage(candidate, record.iteration(), "evaluate"),
        config.loop().gateTolerance());
  }

  private static double devAverage(IfevalScores scores, int iteration, String what) {
    return scores
        .devScores()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "iteration "
                        + iteration
                        + ": the "
                        + what
                        + " metrics hold no dev-set evaluation (written before the gate's dev set"
                        + " existed); delete this iteration from iterations.json to re-run it"))
        .average();
  }
}
