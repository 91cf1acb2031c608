package ai.spar.loop;

import ai.spar.config.LoopConfig;
import ai.spar.config.SparConfig;
import ai.spar.ifeval.IfevalPrompt;
import ai.spar.ifeval.IfevalReport;
import ai.spar.ifeval.IfevalScorer;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.SamplingParams;
import ai.spar.loop.LoopState.IterationRecord;
import ai.spar.loop.LoopState.StepRecord;
import ai.spar.spark.ExecutorModels;
import ai.spar.spark.GenerateJob;
import ai.spar.spark.ModelKey;
import ai.spar.spark.ModelLoader;
import ai.spar.spark.ModelLocalizer;
import ai.spar.spark.OutputTable;
import ai.spar.spark.RunManifest;
import ai.spar.trainer.OutputPolicy;
import ai.spar.trainer.TrainConfig;
import ai.spar.trainer.TrainingResult;
import ai.spar.trainer.TrainingRun;
import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs SPaR iterations: for each t, generate with (M_t, R_t), train M_{t+1} with DPO on the actor
 * pairs and R_{t+1} with SFT on the refiner examples, evaluate M_{t+1} on IFEval-style prompts, and
 * gate its promotion. Every step is recorded in {@link LoopState} only after its output is
 * committed; a re-run skips recorded steps.
 */
public final class IterationLoop {
  private static final Logger LOG = LoggerFactory.getLogger(IterationLoop.class);

  /** Exit code: every iteration run was promoted. */
  public static final int PROMOTED = 0;

  /** Exit code: a failure (exception). */
  public static final int FAILED = 1;

  /** Exit code: the gate rejected an iteration's actor; the loop stopped there. */
  public static final int REJECTED = 3;

  private final SparConfig config;
  private final Supplier<SparkSession> spark;
  private final ModelLoader loader;
  private final TrainConfig dpo;
  private final TrainConfig sft;
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
   */
  public IterationLoop(
      SparConfig config,
      Supplier<SparkSession> spark,
      ModelLoader loader,
      TrainConfig dpo,
      TrainConfig sft) {
    this.config = config;
    this.spark = spark;
    this.loader = loader;
    this.dpo = dpo;
    this.sft = sft;
    this.root = Paths.get(config.loop().root()).toAbsolutePath();
    this.stateFile = root.resolve("iterations.json");
  }

  public Path stateFile() {
    return stateFile;
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
      for (String step : LoopState.STEPS) {
        if (record.done(step)) {
          continue;
        }
        Instant started = Instant.now();
        LOG.info("iteration {}: {} ...", t, step);
        Map<String, Object> outputs = runStep(step, record);
        Instant finished = Instant.now();
        record
            .steps()
            .put(
                step,
                new StepRecord(
                    started.toString(),
                    finished.toString(),
                    finished.toEpochMilli() - started.toEpochMilli(),
                    outputs));
        state.put(record);
        state.write(stateFile);
        LOG.info("iteration {}: {} done: {}", t, step, outputs);
      }
      if (!"promote".equals(record.steps().get("gate").outputs().get("decision"))) {
        LOG.warn(
            "iteration {}: the gate rejected actor {}; stopping",
            t,
            checkpoint(record, "train_actor"));
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

  /** The record of iteration t, created from the previous iteration's promoted checkpoints. */
  private IterationRecord begin(LoopState state, int t) {
    Optional<IterationRecord> existing = state.iteration(t);
    if (existing.isPresent()) {
      return existing.get();
    }
    String actor;
    String refiner;
    Map<String, Object> baseline;
    if (t == 0) {
      actor = ModelLocalizer.absoluteIfLocal(config.model().actor());
      refiner = ModelLocalizer.absoluteIfLocal(config.model().refinerOrActor());
      baseline = evaluate(actor, t, "baseline");
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
      Preconditions.checkArgument(
          "promote".equals(previous.steps().get("gate").outputs().get("decision")),
          "cannot start iteration %s: the gate rejected iteration %s's actor",
          t,
          t - 1);
      actor = checkpoint(previous, "train_actor");
      refiner = checkpoint(previous, "train_refiner");
      @SuppressWarnings("unchecked")
      Map<String, Object> metrics =
          (Map<String, Object>) previous.steps().get("evaluate").outputs().get("metrics");
      baseline = metrics;
    }
    IterationRecord record = new IterationRecord(t, actor, refiner, baseline, Map.of());
    state.put(record);
    state.write(stateFile);
    return record;
  }

  private Map<String, Object> runStep(String step, IterationRecord record) {
    return switch (step) {
      case "generate" -> generate(record);
      case "train_actor" -> trainActor(record);
      case "train_refiner" -> trainRefiner(record);
      case "evaluate" ->
          Map.of(
              "metrics", evaluate(checkpoint(record, "train_actor"), record.iteration(), "actor"));
      case "gate" -> gate(record);
      default -> throw new IllegalStateException("unknown step " + step);
    };
  }

  private Map<String, Object> generate(IterationRecord record) {
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
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("data", manifest.output());
    outputs.put("outcomes", manifest.outcomes());
    outputs.put("tables", manifest.tables());
    outputs.put("generated_tokens", manifest.generatedTokens());
    return outputs;
  }

  /** A training step not recorded in the state is redone, replacing a final/ it may have left. */
  private static final OutputPolicy REDO_UNRECORDED = new OutputPolicy(true, false);

  private Map<String, Object> trainActor(IterationRecord record) {
    long pairs = tableRows(record, OutputTable.ACTOR_PAIRS);
    if (pairs == 0) {
      return Map.of("checkpoint", record.actor(), "skipped", "no actor pairs: M_{t+1} = M_t");
    }
    TrainingResult result =
        TrainingRun.dpo(
            Paths.get(record.actor()),
            Optional.empty(),
            List.of(table(record, OutputTable.ACTOR_PAIRS)),
            root.resolve("train").resolve("actor-" + (record.iteration() + 1)),
            dpo,
            Integer.MAX_VALUE,
            REDO_UNRECORDED);
    return trainingOutputs(result, "actor");
  }

  private Map<String, Object> trainRefiner(IterationRecord record) {
    long examples = tableRows(record, OutputTable.REFINER_SFT);
    if (examples == 0) {
      return Map.of(
          "checkpoint", record.refiner(), "skipped", "no refiner examples: R_{t+1} = R_t");
    }
    TrainingResult result =
        TrainingRun.sft(
            Paths.get(record.refiner()),
            List.of(table(record, OutputTable.REFINER_SFT)),
            root.resolve("train").resolve("refiner-" + (record.iteration() + 1)),
            sft,
            Integer.MAX_VALUE,
            REDO_UNRECORDED);
    return trainingOutputs(result, "refiner");
  }

  private static Map<String, Object> trainingOutputs(TrainingResult result, String role) {
    Path model =
        result
            .finalModel()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "the " + role + "'s training ended without a final model"));
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("checkpoint", model.toAbsolutePath().toString());
    outputs.put("steps", result.steps());
    outputs.put("examples", result.data().examples());
    outputs.put("truncated", result.data().truncated());
    outputs.put("policy_tokens", result.policyTokens());
    outputs.put("train_seconds", result.trainSeconds());
    outputs.put("last_metrics", result.lastMetrics());
    return outputs;
  }

  /**
   * IFEval-style evaluation of a model on the test set (prompt and instruction level, strict and
   * loose, and their average) and, under {@code dev}, the same on the gate's dev set.
   */
  private Map<String, Object> evaluate(String model, int iteration, String name) {
    EvaluationSets sets = evaluationSets();
    LanguageModel lm =
        loader.load(new ModelKey(model, config.model().device(), config.model().precision()));
    try {
      Map<String, Object> metrics = score(lm, sets.test(), iteration, name);
      metrics.put("dev", score(lm, sets.dev(), iteration, name + "-dev"));
      return metrics;
    } finally {
      lm.close();
    }
  }

  private Map<String, Object> score(
      LanguageModel lm, List<IfevalPrompt> prompts, int iteration, String name) {
    IfevalScorer.Scoring scoring =
        new IfevalScorer(prompts)
            .generateAndScore(
                lm, SamplingParams.greedy(config.loop().evalMaxNewTokens()), prompts.size());
    Path output = root.resolve("eval").resolve("iteration=" + iteration).resolve(name + ".jsonl");
    IfevalScorer.write(scoring, output);
    IfevalReport report = scoring.report();
    Map<String, Object> metrics = new LinkedHashMap<>();
    metrics.put("responses", report.responses());
    metrics.put("prompt_strict", report.promptStrict());
    metrics.put("prompt_loose", report.promptLoose());
    metrics.put("instruction_strict", report.instructionStrict());
    metrics.put("instruction_loose", report.instructionLoose());
    metrics.put("average", average(report));
    metrics.put("report", output.toString());
    return metrics;
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

  static double average(IfevalReport report) {
    return (report.promptStrict()
            + report.promptLoose()
            + report.instructionStrict()
            + report.instructionLoose())
        / 4;
  }

  private Map<String, Object> gate(IterationRecord record) {
    @SuppressWarnings("unchecked")
    Map<String, Object> metrics =
        (Map<String, Object>) record.steps().get("evaluate").outputs().get("metrics");
    double previous = devAverage(record.baseline(), record.iteration(), "baseline");
    double candidate = devAverage(metrics, record.iteration(), "evaluate");
    double tolerance = config.loop().gateTolerance();
    boolean promote = candidate >= previous - tolerance;
    Map<String, Object> outputs = new LinkedHashMap<>();
    outputs.put("decision", promote ? "promote" : "reject");
    outputs.put("metric", "ifeval_average_dev");
    outputs.put("previous", previous);
    outputs.put("candidate", candidate);
    outputs.put("tolerance", tolerance);
    return outputs;
  }

  private static double devAverage(Map<String, Object> metrics, int iteration, String what) {
    Object dev = metrics.get("dev");
    if (!(dev instanceof Map<?, ?> m) || !(m.get("average") instanceof Number average)) {
      throw new IllegalStateException(
          "iteration "
              + iteration
              + ": the "
              + what
              + " metrics hold no dev-set evaluation (written before the gate's dev set existed);"
              + " delete this iteration from iterations.json to re-run it");
    }
    return average.doubleValue();
  }

  private static String checkpoint(IterationRecord record, String step) {
    return (String) record.steps().get(step).outputs().get("checkpoint");
  }

  private String table(IterationRecord record, OutputTable table) {
    return root.resolve("data")
        .resolve("iteration=" + record.iteration())
        .resolve(table.tableName())
        .toString();
  }

  @SuppressWarnings("unchecked")
  private static long tableRows(IterationRecord record, OutputTable table) {
    Map<String, Object> tables =
        (Map<String, Object>) record.steps().get("generate").outputs().get("tables");
    return ((Number) tables.getOrDefault(table.tableName(), 0)).longValue();
  }
}
