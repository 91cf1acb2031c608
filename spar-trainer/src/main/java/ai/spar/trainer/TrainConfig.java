package ai.spar.trainer;

import ai.spar.trainer.objective.PreferenceLossType;
import ai.spar.trainer.optim.ScheduleKind;
import ai.spar.trainer.tokens.OverLength;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The settings of a training run. Bound from YAML with the same keys as the components (unknown
 * keys are errors); the precedence is command-line flag > file > default, and the defaults follow
 * the method (SPAR-METHOD.md section 4): DPO at learning rate 2e-7, 1 epoch, linear schedule with
 * 10% warmup, sigmoid loss, beta 0.1, SFT weight 0.1; SFT at 2e-6 with a constant schedule after
 * 10% warmup, 5 epochs (the reference's refiner SFT).
 *
 * @param learningRate peak learning rate, > 0
 * @param epochs passes over the data, >= 1
 * @param batchSize examples (pairs for DPO) per micro-batch, >= 1
 * @param gradAccum micro-batches per optimizer step, >= 1
 * @param maxLength cutoff in tokens per sequence, >= 2
 * @param overLength what happens to a longer sequence (always counted)
 * @param seed seed of the shuffle order
 * @param schedule learning-rate curve after warmup
 * @param warmupRatio share of the optimizer steps spent warming up, in [0, 1]
 * @param weightDecay AdamW's decoupled weight decay, >= 0
 * @param maxGradNorm gradient-norm clipping threshold, > 0
 * @param loss the preference loss (DPO only)
 * @param beta the DPO inverse temperature, > 0 (DPO only)
 * @param sftWeight weight of the chosen response's mean NLL, >= 0 (DPO only)
 * @param saveSteps a checkpoint every this many optimizer steps (0: only at the end of each epoch)
 * @param keepCheckpoints most recent intermediate checkpoints kept, >= 1
 * @param device {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto}; training runs in float32
 * @param maxSteps a cap on the run's optimizer steps (0: none); the schedule spans the capped run,
 *     so a time-bounded run (steps sized from a measured step time) still warms up and decays and
 *     writes its final model
 * @param threads PyTorch intra-op threads, >= 0; 0 (the default) means every processor (a fixed
 *     count: the count changes float sums, so it must not vary between runs; use 1 on a busy
 *     machine, see {@link ComputeThreads}). Takes effect only when the engine is not yet running in
 *     the process. Not part of the {@link #trajectory()}.
 * @param trainAllAssistantTurns SFT only: train every assistant turn of a multi-turn example (as
 *     LLaMA-Factory does for the reference's refinement chats, where the critique turn is learned
 *     too), not only the completion; default false
 */
public record TrainConfig(
    double learningRate,
    int epochs,
    int batchSize,
    int gradAccum,
    int maxLength,
    OverLength overLength,
    long seed,
    ScheduleKind schedule,
    double warmupRatio,
    double weightDecay,
    double maxGradNorm,
    PreferenceLossType loss,
    double beta,
    double sftWeight,
    int saveSteps,
    int keepCheckpoints,
    String device,
    int maxSteps,
    int threads,
    boolean trainAllAssistantTurns) {
  public static final double DPO_LEARNING_RATE = 2e-7;
  public static final double SFT_LEARNING_RATE = 2e-6;
  public static final int DPO_EPOCHS = 1;
  public static final int SFT_EPOCHS = 5;
  public static final int DEFAULT_BATCH_SIZE = 4;
  public static final int DEFAULT_GRAD_ACCUM = 1;
  public static final int DEFAULT_MAX_LENGTH = 1024;
  public static final long DEFAULT_SEED = 42;
  public static final double DEFAULT_WARMUP_RATIO = 0.1;
  public static final double DEFAULT_MAX_GRAD_NORM = 1.0;
  public static final int DEFAULT_KEEP_CHECKPOINTS = 2;
  public static final int AUTO_THREADS = 0;

  public TrainConfig {
    Preconditions.checkArgument(
        learningRate > 0 && Double.isFinite(learningRate),
        "learningRate must be > 0, but was: %s",
        learningRate);
    Preconditions.checkArgument(epochs >= 1, "epochs must be >= 1, but was: %s", epochs);
    Preconditions.checkArgument(batchSize >= 1, "batchSize must be >= 1, but was: %s", batchSize);
    Preconditions.checkArgument(gradAccum >= 1, "gradAccum must be >= 1, but was: %s", gradAccum);
    Preconditions.checkArgument(maxLength >= 2, "maxLength must be >= 2, but was: %s", maxLength);
    Preconditions.checkArgument(
        overLength != null, "overLength must be TRUNCATE, DROP or ERROR, but was: null");
    Preconditions.checkArgument(
        schedule != null, "schedule must be LINEAR or CONSTANT, but was: null");
    Preconditions.checkArgument(
        warmupRatio >= 0 && warmupRatio <= 1,
        "warmupRatio must be in [0, 1], but was: %s",
        warmupRatio);
    Preconditions.checkArgument(
        weightDecay >= 0, "weightDecay must be >= 0, but was: %s", weightDecay);
    Preconditions.checkArgument(
        maxGradNorm > 0, "maxGradNorm must be > 0, but was: %s", maxGradNorm);
    Preconditions.checkArgument(loss != null, "loss must be SIGMOID, IPO or HINGE, but was: null");
    Preconditions.checkArgument(beta > 0, "beta must be > 0, but was: %s", beta);
    Preconditions.checkArgument(sftWeight >= 0, "sftWeight must be >= 0, but was: %s", sftWeight);
    Preconditions.checkArgument(saveSteps >= 0, "saveSteps must be >= 0, but was: %s", saveSteps);
    Preconditions.checkArgument(
        keepCheckpoints >= 1, "keepCheckpoints must be >= 1, but was: %s", keepCheckpoints);
    Preconditions.checkArgument(
        device != null && device.matches("auto|cpu|gpu(:\\d+)?"),
        "device must be cpu, gpu, gpu:N or auto, but was: %s",
        device);
    Preconditions.checkArgument(maxSteps >= 0, "maxSteps must be >= 0, but was: %s", maxSteps);
    Preconditions.checkArgument(
        threads >= 0, "threads must be >= 0 (0: auto), but was: %s", threads);
  }

  /** The method's defaults for an objective. */
  public static TrainConfig defaults(Objective objective) {
    boolean dpo = objective == Objective.DPO;
    return new TrainConfig(
        dpo ? DPO_LEARNING_RATE : SFT_LEARNING_RATE,
        dpo ? DPO_EPOCHS : SFT_EPOCHS,
        DEFAULT_BATCH_SIZE,
        DEFAULT_GRAD_ACCUM,
        DEFAULT_MAX_LENGTH,
        OverLength.TRUNCATE,
        DEFAULT_SEED,
        dpo ? ScheduleKind.LINEAR : ScheduleKind.CONSTANT,
        DEFAULT_WARMUP_RATIO,
        0.0,
        DEFAULT_MAX_GRAD_NORM,
        PreferenceLossType.SIGMOID,
        0.1,
        0.1,
        0,
        DEFAULT_KEEP_CHECKPOINTS,
        "auto",
        0,
        AUTO_THREADS,
        false);
  }

  private static ObjectMapper mapper() {
    return YAMLMapper.builder()
        .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .build();
  }

  /**
   * The defaults overlaid with a YAML file's keys.
   *
   * @throws IllegalArgumentException naming the file and key when a key is unknown or a value
   *     invalid
   */
  public static TrainConfig load(Path yaml, Objective objective) {
    JsonNode file;
    try {
      file = mapper().readTree(Files.readString(yaml, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          yaml + ": cannot read training config: " + e.getMessage(), e);
    }
    if (file == null || file.isMissingNode() || file.isNull()) {
      return defaults(objective);
    }
    if (!file.isObject()) {
      throw new IllegalArgumentException(
          yaml + ": training config must be a mapping of keys to values");
    }
    try {
      return defaults(objective).overlay(file);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(yaml + ": " + e.getMessage(), e);
    }
  }

  /**
   * This configuration with some keys replaced (e.g. from command-line flags).
   *
   * @throws IllegalArgumentException naming the key when it is unknown or its value invalid
   */
  public TrainConfig with(Map<String, ?> overrides) {
    return overlay(mapper().valueToTree(overrides));
  }

  private TrainConfig overlay(JsonNode changes) {
    ObjectMapper mapper = mapper();
    ObjectNode merged = mapper.valueToTree(this);
    for (Iterator<Map.Entry<String, JsonNode>> it = changes.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!merged.has(e.getKey())) {
        throw new IllegalArgumentException(
            "unknown training config key '"
                + e.getKey()
                + "'; known keys: "
                + iterable(merged.fieldNames()));
      }
      merged.set(e.getKey(), e.getValue());
    }
    try {
      return mapper.treeToValue(merged, TrainConfig.class);
    } catch (IOException e) {
      Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : e;
      throw new IllegalArgumentException("invalid training config: " + cause.getMessage(), e);
    }
  }

  private static java.util.List<String> iterable(Iterator<String> names) {
    java.util.List<String> list = new java.util.ArrayList<>();
    names.forEachRemaining(list::add);
    return list;
  }

  /** The configuration as a JSON tree (for {@code trainer_state.json}). */
  public JsonNode toJson() {
    return new ObjectMapper().valueToTree(this);
  }

  /** Reads {@link #toJson()} back. */
  public static TrainConfig fromJson(JsonNode json) {
    try {
      return new ObjectMapper().treeToValue(json, TrainConfig.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "invalid training config in trainer state: " + e.getMessage(), e);
    }
  }

  /**
   * The settings that change the numbers a run computes (everything but checkpoint cadence,
   * retention and the thread count), which a resumed run must share with the run it continues.
   */
  public TrainConfig trajectory() {
    return new TrainConfig(
        learningRate,
        epochs,
        batchSize,
        gradAccum,
        maxLength,
        overLength,
        seed,
        schedule,
        warmupRatio,
        weightDecay,
        maxGradNorm,
        loss,
        beta,
        sftWeight,
        0,
        DEFAULT_KEEP_CHECKPOINTS,
        device,
        maxSteps,
        AUTO_THREADS,
        trainAllAssistantTurns);
  }
}
