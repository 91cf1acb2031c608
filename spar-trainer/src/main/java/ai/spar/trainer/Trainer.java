package ai.spar.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.spar.progress.ProgressLine;
import ai.spar.trainer.checkpoint.CheckpointStore;
import ai.spar.trainer.checkpoint.TrainerState;
import ai.spar.trainer.optim.AdamW;
import ai.spar.trainer.optim.LearningRateSchedule;
import ai.spar.trainer.tokens.LengthGroupedBatches;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The optimization loop shared by DPO and SFT: epochs of length-grouped micro-batches, gradient
 * accumulation over {@code gradAccum} micro-batches per optimizer step (the last step of an epoch
 * may have fewer), clipping to {@code maxGradNorm}, AdamW with the configured schedule, a metrics
 * record per step, checkpoints every {@code saveSteps} steps and at every epoch's end. A step is a
 * pure function of the weights, the optimizer state and the step index, so a run resumed from a
 * checkpoint replays exactly what an uninterrupted run does.
 */
final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final TrainableModel policy;
  private final BatchObjective objective;
  private final TrainConfig config;
  private final CheckpointStore store;
  private final MetricsLog metrics;
  private final IntFunction<TrainerState> stateAt;
  private final Path modelSource;
  private final int batchesPerEpoch;
  private final int stepsPerEpoch;
  private final LearningRateSchedule schedule;
  private final Map<Integer, List<int[]>> plans = new HashMap<>();
  private long tokens;
  private double seconds;
  private double optimizerSeconds;
  private Map<String, Object> lastRecord = Map.of();
  private Optional<Path> lastCheckpoint;

  /**
   * @param stateAt the trainer state after a number of steps
   * @param modelSource the directory whose tokenizer files the checkpoints copy
   * @param lastCheckpoint the checkpoint the run resumed from, if any
   */
  Trainer(
      TrainableModel policy,
      BatchObjective objective,
      TrainConfig config,
      CheckpointStore store,
      MetricsLog metrics,
      IntFunction<TrainerState> stateAt,
      Path modelSource,
      Optional<Path> lastCheckpoint) {
    this.policy = policy;
    this.objective = objective;
    this.config = config;
    this.store = store;
    this.metrics = metrics;
    this.stateAt = stateAt;
    this.modelSource = modelSource;
    this.lastCheckpoint = lastCheckpoint;
    this.batchesPerEpoch = plan(0).size();
    this.stepsPerEpoch = (batchesPerEpoch + config.gradAccum() - 1) / config.gradAccum();
    this.schedule =
        LearningRateSchedule.withWarmupRatio(
            config.schedule(), config.learningRate(), config.warmupRatio(), totalSteps());
  }

  /** The optimizer steps of the whole run. */
  int totalSteps() {
    int all = stepsPerEpoch * config.epochs();
    return config.maxSteps() > 0 ? Math.min(all, config.maxSteps()) : all;
  }

  int stepsPerEpoch() {
    return stepsPerEpoch;
  }

  private List<int[]> plan(int epoch) {
    return plans.computeIfAbsent(
        epoch,
        e -> LengthGroupedBatches.plan(objective.lengths(), config.batchSize(), config.seed(), e));
  }

  /**
   * Runs optimizer steps {@code [startStep, min(totalSteps, stopAfter))}.
   *
   * @return the number of steps completed overall
   * @throws TrainingDivergedException when a loss or the gradient norm is not finite
   */
  int run(AdamW optimizer, int startStep, int stopAfter) {
    int end = Math.min(totalSteps(), stopAfter);
    Engine engine = Engine.getEngine(TrainableModel.ENGINE);
    // in logs every step is a MetricsLog line and the progress line adds one closing line; on a
    // terminal the live progress line (rate, time left, loss) replaces the per-step lines
    ProgressLine progress =
        ProgressLine.start(
            "train " + stateAt.apply(startStep).objective().toLowerCase(java.util.Locale.ROOT),
            "steps",
            end - startStep,
            LOG,
            Long.MAX_VALUE);
    for (int step = startStep; step < end; step++) {
      long started = System.nanoTime();
      int epoch = step / stepsPerEpoch;
      List<int[]> plan = plan(epoch);
      int first = (step % stepsPerEpoch) * config.gradAccum();
      List<int[]> micro = plan.subList(first, Math.min(plan.size(), first + config.gradAccum()));
      double weightTotal = 0;
      for (int[] batch : micro) {
        for (int item : batch) {
          weightTotal += objective.weight(item);
        }
      }
      double loss = 0;
      long stepTokens = 0;
      Map<String, Double> sums = new LinkedHashMap<>();
      for (int[] batch : micro) {
        BatchObjective.MicroBatch result;
        try (NDManager scratch = policy.manager().newSubManager();
            GradientCollector collector = engine.newGradientCollector()) {
          result = objective.run(policy.model(), batch, weightTotal, scratch, collector);
        }
        if (!Double.isFinite(result.loss())) {
          throw diverged("loss is " + result.loss(), step, epoch, batch);
        }
        loss += result.loss();
        stepTokens += result.tokens();
        result.metrics().forEach((k, v) -> sums.merge(k, v, Double::sum));
      }
      long optimizerStarted = System.nanoTime();
      double gradNorm = optimizer.gradientNorm();
      if (!Double.isFinite(gradNorm)) {
        throw diverged("the gradient norm is " + gradNorm, step, epoch, micro.get(0));
      }
      double clip =
          gradNorm > config.maxGradNorm() ? config.maxGradNorm() / (gradNorm + 1e-6) : 1.0;
      double lr = schedule.at(step);
      optimizer.step(lr, clip);
      long finished = System.nanoTime();
      double elapsed = (finished - started) / 1e9;
      optimizerSeconds += (finished - optimizerStarted) / 1e9;
      tokens += stepTokens;
      seconds += elapsed;
      Map<String, Object> record = new LinkedHashMap<>();
      record.put("step", step + 1);
      record.put("epoch", epoch + (double) (step % stepsPerEpoch + 1) / stepsPerEpoch);
      record.put("loss", loss);
      double total = weightTotal;
      sums.forEach((k, v) -> record.put(k, v / total));
      record.put("learning_rate", lr);
      record.put("grad_norm", gradNorm);
      record.put("tokens/s", stepTokens / elapsed);
      metrics.write(record, !progress.live());
      lastRecord = record;
      int done = step + 1;
      progress.update(done - startStep, String.format(java.util.Locale.ROOT, "loss %.4f", loss));
      boolean epochEnd = done % stepsPerEpoch == 0;
      boolean periodic = config.saveSteps() > 0 && done % config.saveSteps() == 0;
      if (done < totalSteps() && (epochEnd || periodic || done == end)) {
        Path target = store.checkpoint(done);
        store.save(
            target,
            policy.config(),
            policy.generation(),
            policy.model().weights().toHost(),
            modelSource,
            optimizer.state(),
            stateAt.apply(done));
        lastCheckpoint = Optional.of(target);
      }
    }
    return end;
  }

  private TrainingDivergedException diverged(String what, int step, int epoch, int[] batch) {
    String kept =
        lastCheckpoint
            .map(p -> "the last good checkpoint is kept at " + p)
            .orElse("no checkpoint had been written yet; restart from the starting model");
    String message =
        what
            + " at optimizer step "
            + (step + 1)
            + " (epoch "
            + epoch
            + ", items "
            + Arrays.toString(batch)
            + "); training stopped: "
            + kept
            + ". Lower the learning rate or check the data.";
    LOG.error(message);
    return new TrainingDivergedException(message);
  }

  /** Policy tokens forwarded so far in this process. */
  long tokens() {
    return tokens;
  }

  /** Seconds spent in optimizer steps so far in this process. */
  double seconds() {
    return seconds;
  }

  /** The part of {@link #seconds()} spent in the gradient norm and the AdamW update. */
  double optimizerSeconds() {
    return optimizerSeconds;
  }

  Map<String, Object> lastRecord() {
    return lastRecord;
  }
}
