package ai.spar.trainer;

import ai.spar.lease.FileLeaseStore;
import ai.spar.lease.OutputLease;
import ai.spar.llm.weights.SafetensorsCheckpoint;
import ai.spar.llm.weights.WeightsHash;
import ai.spar.trainer.checkpoint.CheckpointStore;
import ai.spar.trainer.checkpoint.TrainerState;
import ai.spar.trainer.data.DataFingerprint;
import ai.spar.trainer.data.DegenerateData;
import ai.spar.trainer.data.ParquetTable;
import ai.spar.trainer.data.PreferencePair;
import ai.spar.trainer.data.SftExample;
import ai.spar.trainer.data.TrainingDataException;
import ai.spar.trainer.data.TrainingTables;
import ai.spar.trainer.objective.PreferenceLoss;
import ai.spar.trainer.optim.AdamW;
import ai.spar.trainer.tokens.ChatTokenizer;
import ai.spar.trainer.tokens.TokenizationReport;
import ai.spar.trainer.tokens.Tokenized;
import ai.spar.trainer.tokens.TokenizedPair;
import ai.spar.trainer.tokens.TokenizedSequence;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole training run from Parquet to checkpoint: read and fingerprint the data, tokenize it
 * through the model's chat template, (DPO) obtain the reference log-probs once, resume from the
 * output's latest checkpoint when there is one, train, and write {@code <output>/final}. The output
 * directory holds {@code metrics.jsonl}, {@code reference-logps/}, {@code checkpoint-<step>/} and
 * {@code final/}, and while a run owns it, {@code _lease.json} (see {@link OutputLease}): two runs
 * never interleave in one output, and a finished {@code final/} is replaced only with {@link
 * OutputPolicy#overwrite()}. A resumed run first cuts {@code metrics.jsonl} back to its
 * checkpoint's step, so no step appears twice.
 */
public final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  /** The lease file naming the run that owns an output directory. */
  public static final String LEASE_FILE = "_lease.json";

  private TrainingRun() {}

  /**
   * DPO of {@code model} on the pairs.
   *
   * @param referenceModel the frozen reference (the starting model when empty)
   * @param stopAfterSteps stop (with a checkpoint) after this many optimizer steps overall; {@code
   *     Integer.MAX_VALUE} to run to the end
   */
  public static TrainingResult dpo(
      Path model,
      Optional<Path> referenceModel,
      List<String> pairLocations,
      Path output,
      TrainConfig config,
      int stopAfterSteps) {
    return dpo(
        model, referenceModel, pairLocations, output, config, stopAfterSteps, OutputPolicy.DEFAULT);
  }

  /**
   * DPO of {@code model} on the pairs, owning {@code output} while it runs.
   *
   * @throws ai.spar.lease.LeaseHeldException when another live run holds the output
   * @throws IllegalArgumentException when the output holds a finished model and {@code policy} does
   *     not overwrite
   */
  public static TrainingResult dpo(
      Path model,
      Optional<Path> referenceModel,
      List<String> pairLocations,
      Path output,
      TrainConfig config,
      int stopAfterSteps,
      OutputPolicy policy) {
    try (OutputLease lease = claim(output, "train dpo", policy, config)) {
      return dpoOwned(model, referenceModel, pairLocations, output, config, stopAfterSteps);
    }
  }

  private static TrainingResult dpoOwned(
      Path model,
      Optional<Path> referenceModel,
      List<String> pairLocations,
      Path output,
      TrainConfig config,
      int stopAfterSteps) {
    int threads = ComputeThreads.start(config.threads());
    DegenerateData.Filtered<PreferencePair> filtered =
        DegenerateData.pairs(
            TrainingTables.readPairs(ParquetTable.open(pairLocations, new Configuration())));
    requireUndegenerate(filtered, "pair", pairLocations);
    List<PreferencePair> pairs = filtered.kept();
    String fingerprint = DataFingerprint.ofPairs(pairs);
    LOG.info(
        "read {} pairs from {} (fingerprint {})",
        pairs.size(),
        pairLocations,
        fingerprint.substring(0, 12));
    Tokenized<TokenizedPair> tokenized;
    String templateHash;
    try (ChatTokenizer tokenizer =
        ChatTokenizer.load(model, config.maxLength(), config.overLength())) {
      tokenized = tokenizer.tokenizePairs(pairs);
      templateHash = tokenizer.templateHash();
    }
    requireData(tokenized.report(), pairLocations);
    Path refDir = referenceModel.orElse(model);
    String baseHash = weightsHash(model);
    String refHash = referenceModel.map(TrainingRun::weightsHash).orElse(baseHash);
    String key =
        ReferenceLogProbs.key(
            fingerprint, refHash, config.maxLength(), config.overLength().name(), templateHash);
    long refStart = System.nanoTime();
    Optional<ReferenceLogProbs> cached =
        ReferenceLogProbs.read(output, key, tokenized.items().size());
    ReferenceLogProbs reference;
    if (cached.isPresent()) {
      reference = cached.get();
      LOG.info("reference log-probs read from {}", ReferenceLogProbs.file(output, key));
    } else {
      try (TrainableModel ref = TrainableModel.load(refDir, config.device())) {
        reference =
            ReferenceLogProbs.compute(
                key, ref.model(), tokenized.items(), config.batchSize(), ref.manager());
      }
      reference.write(output);
      LOG.info(
          "reference log-probs computed with {} and cached in {}",
          refDir,
          ReferenceLogProbs.file(output, key));
    }
    double refSeconds = (System.nanoTime() - refStart) / 1e9;
    PreferenceLoss loss = new PreferenceLoss(config.loss(), config.beta(), config.sftWeight());
    BatchObjective objective = new DpoObjective(tokenized.items(), reference, loss);
    return train(
        Objective.DPO,
        model,
        baseHash,
        output,
        config,
        objective,
        fingerprint,
        key,
        tokenized.report(),
        filtered.dropped(),
        stopAfterSteps,
        refSeconds,
        cached.isPresent(),
        threads);
  }

  /** SFT of {@code model} on the examples; see {@link #dpo} for {@code stopAfterSteps}. */
  public static TrainingResult sft(
      Path model,
      List<String> exampleLocations,
      Path output,
      TrainConfig config,
      int stopAfterSteps) {
    return sft(model, exampleLocations, output, config, stopAfterSteps, OutputPolicy.DEFAULT);
  }

  /** SFT of {@code model} on the examples, owning {@code output}; see {@link #dpo}. */
  public static TrainingResult sft(
      Path model,
      List<String> exampleLocations,
      Path output,
      TrainConfig config,
      int stopAfterSteps,
      OutputPolicy policy) {
    try (OutputLease lease = claim(output, "train sft", policy, config)) {
      return sftOwned(model, exampleLocations, output, config, stopAfterSteps);
    }
  }

  private static TrainingResult sftOwned(
      Path model,
      List<String> exampleLocations,
      Path output,
      TrainConfig config,
      int stopAfterSteps) {
    int threads = ComputeThreads.start(config.threads());
    DegenerateData.Filtered<SftExample> filtered =
        DegenerateData.sftExamples(
            TrainingTables.readSftExamples(
                ParquetTable.open(exampleLocations, new Configuration()),
                config.trainAllAssistantTurns()));
    requireUndegenerate(filtered, "SFT example", exampleLocations);
    List<SftExample> examples = filtered.kept();
    String fingerprint = DataFingerprint.ofSftExamples(examples);
    LOG.info(
        "read {} SFT examples from {} (fingerprint {})",
        examples.size(),
        exampleLocations,
        fingerprint.substring(0, 12));
    Tokenized<TokenizedSequence> tokenized;
    try (ChatTokenizer tokenizer =
        ChatTokenizer.load(model, config.maxLength(), config.overLength())) {
      tokenized = tokenizer.tokenizeSft(examples);
    }
    requireData(tokenized.report(), exampleLocations);
    return train(
        Objective.SFT,
        model,
        weightsHash(model),
        output,
        config,
        new SftObjective(tokenized.items()),
        fingerprint,
        "",
        tokenized.report(),
        filtered.dropped(),
        stopAfterSteps,
        0,
        false,
        threads);
  }

  /**
   * Takes the output's lease, then refuses a finished output unless the policy overwrites it (in
   * which case the output starts over).
   */
  private static OutputLease claim(
      Path output, String command, OutputPolicy policy, TrainConfig config) {
    OutputLease lease =
        OutputLease.acquire(
            new FileLeaseStore(output.resolve(LEASE_FILE)),
            command + " into " + output,
            policy.waitForOutput());
    try {
      prepare(output, policy, new CheckpointStore(output, config.keepCheckpoints()));
    } catch (RuntimeException e) {
      lease.close();
      throw e;
    }
    return lease;
  }

  private static void prepare(Path output, OutputPolicy policy, CheckpointStore store) {
    if (Files.exists(store.finalModel())) {
      if (!policy.overwrite()) {
        throw new IllegalArgumentException(
            store.finalModel()
                + " already holds a finished model; pass --overwrite to replace it (final/, the"
                + " checkpoints and metrics.jsonl of "
                + output
                + " are deleted first), or choose another --output");
      }
      LOG.warn(
          "--overwrite: deleting the finished model {}, its checkpoints and {}",
          store.finalModel(),
          MetricsLog.FILE);
      store.clear();
      MetricsLog.delete(output);
    }
  }

  /**
   * Logs the degenerate rows dropped, and fails when nothing is left.
   *
   * @throws TrainingDataException naming the locations when every row was degenerate
   */
  private static void requireUndegenerate(
      DegenerateData.Filtered<?> filtered, String what, List<String> locations) {
    if (filtered.droppedTotal() == 0) {
      return;
    }
    long all = filtered.droppedTotal() + filtered.kept().size();
    if (filtered.kept().isEmpty()) {
      throw new TrainingDataException(
          "no "
              + what
              + " of "
              + locations
              + " is left to train on: all "
              + all
              + " were dropped as degenerate "
              + filtered.dropped());
    }
    LOG.warn(
        "dropped {} degenerate {}s of {} from {}: {}",
        filtered.droppedTotal(),
        what,
        all,
        locations,
        filtered.dropped());
  }

  private static void requireData(TokenizationReport report, List<String> locations) {
    if (report.kept() == 0) {
      throw new TrainingDataException(
          "no example of "
              + locations
              + " is left to train on: all "
              + report.examples()
              + " were dropped at the cutoff (raise max-length)");
    }
  }

  /**
   * Trains {@code model} from its latest checkpoint in {@code output}, if any.
   *
   * @param baseHash the weights hash of {@code model}, computed once by the caller
   */
  private static TrainingResult train(
      Objective kind,
      Path model,
      String baseHash,
      Path output,
      TrainConfig config,
      BatchObjective objective,
      String fingerprint,
      String referenceKey,
      TokenizationReport report,
      Map<String, Long> degenerate,
      int stopAfterSteps,
      double refSeconds,
      boolean refCached,
      int threads) {
    CheckpointStore store = new CheckpointStore(output, config.keepCheckpoints());
    MetricsLog metrics = new MetricsLog(output);
    Optional<Path> resume = store.latest();
    Optional<TrainerState> resumed = resume.map(TrainerState::read);
    resumed.ifPresent(s -> checkResumable(s, resume.get(), kind, fingerprint, baseHash, config));
    metrics.truncateAfter(resumed.map(TrainerState::step).orElse(0));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("event", "data");
    data.put("examples", report.examples());
    data.put("kept", report.kept());
    data.put("truncated", report.truncated());
    data.put("dropped", report.dropped());
    data.put("degenerate_dropped", degenerate);
    data.put("tokens", report.tokens());
    data.put("target_tokens", report.targetTokens());
    data.put("max_length", config.maxLength());
    metrics.write(data);
    try (TrainableModel policy = TrainableModel.load(resume.orElse(model), config.device())) {
      policy.makeTrainable();
      JsonNode configJson = config.toJson();
      Trainer[] trainer = new Trainer[1];
      trainer[0] =
          new Trainer(
              policy,
              objective,
              config,
              store,
              metrics,
              step ->
                  new TrainerState(
                      kind.name(),
                      step,
                      trainer[0].totalSteps(),
                      step / trainer[0].stepsPerEpoch(),
                      fingerprint,
                      baseHash,
                      referenceKey,
                      configJson),
              model,
              resume);
      try (AdamW optimizer =
          new AdamW(
              policy.model().weights().parameters(), policy.manager(), config.weightDecay())) {
        int start = 0;
        if (resumed.isPresent()) {
          start = resumed.get().step();
          optimizer.restore(CheckpointStore.readOptimizer(resume.get()), start);
          LOG.info(
              "resuming from {} at step {} of {}", resume.get(), start, trainer[0].totalSteps());
        }
        int done = trainer[0].run(optimizer, start, stopAfterSteps);
        Optional<Path> finalModel = Optional.empty();
        if (done == trainer[0].totalSteps()) {
          store.save(
              store.finalModel(),
              policy.config(),
              policy.generation(),
              policy.model().weights().toHost(),
              model,
              Map.of(),
              new TrainerState(
                  kind.name(),
                  done,
                  done,
                  done / trainer[0].stepsPerEpoch(),
                  fingerprint,
                  baseHash,
                  referenceKey,
                  configJson));
          finalModel = Optional.of(store.finalModel());
        }
        return new TrainingResult(
            finalModel,
            done,
            trainer[0].totalSteps(),
            resume,
            report,
            trainer[0].tokens(),
            trainer[0].seconds(),
            trainer[0].optimizerSeconds(),
            refSeconds,
            refCached,
            trainer[0].lastRecord(),
            threads);
      }
    }
  }

  /** The weights hash of a model directory: the identity a run records and resumes by. */
  private static String weightsHash(Path model) {
    try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(model)) {
      return WeightsHash.of(checkpoint.files());
    }
  }

  private static void checkResumable(
      TrainerState state,
      Path checkpoint,
      Objective kind,
      String fingerprint,
      String baseHash,
      TrainConfig config) {
    String problem = null;
    if (!state.objective().equals(kind.name())) {
      problem = "it trains " + state.objective() + ", not " + kind;
    } else if (!state.dataFingerprint().equals(fingerprint)) {
      problem =
          "its data fingerprint "
              + state.dataFingerprint()
              + " differs from the data given ("
              + fingerprint
              + ")";
    } else if (!state.baseWeightsHash().equals(baseHash)) {
      problem =
          "it started from other weights (" + state.baseWeightsHash() + ", not " + baseHash + ")";
    } else if (!TrainConfig.fromJson(state.config()).trajectory().equals(config.trajectory())) {
      problem = "its configuration differs: " + state.config() + " vs " + config.toJson();
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          checkpoint
              + ": cannot resume: "
              + problem
              + "; use another output directory or remove the checkpoints");
    }
  }
}
