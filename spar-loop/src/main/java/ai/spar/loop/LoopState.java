package ai.spar.loop;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The loop's state, {@code <root>/iterations.json}: per iteration its inputs (actor and refiner
 * checkpoints) and one record per completed step (its times and its typed result: {@link
 * Generated}, {@link Trained}, {@link Evaluated}, {@link GateDecision}). A step appears here only
 * after its output was committed, so the first step missing is where a re-run continues. Written
 * atomically (temporary file, then rename). The list of iterations is mutable ({@link #put}), the
 * records in it are not; not thread-safe.
 *
 * @param version format version
 * @param iterations one entry per started iteration, in order
 */
public record LoopState(int version, List<IterationRecord> iterations) {
  static final ObjectMapper JSON =
      JsonMapper.builder()
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT)
          .serializationInclusion(JsonInclude.Include.NON_NULL)
          .build();

  /**
   * One iteration.
   *
   * @param iteration t
   * @param actor the actor checkpoint M_t
   * @param refiner the refiner checkpoint R_t
   * @param baseline the IFEval scores of M_t (measured by this iteration when no earlier one did)
   * @param steps the completed steps
   */
  public record IterationRecord(
      int iteration, String actor, String refiner, IfevalScores baseline, Steps steps) {
    public IterationRecord {
      steps = steps == null ? Steps.NONE : steps;
    }

    public boolean done(Step step) {
      return steps.done(step);
    }

    /** Every step ran. */
    public boolean complete() {
      return steps.gate() != null;
    }

    /** This record with {@code steps}. */
    public IterationRecord withSteps(Steps newSteps) {
      return new IterationRecord(iteration, actor, refiner, baseline, newSteps);
    }

    /** The actor M_{t+1} the iteration trained. */
    public String trainedActor() {
      return steps.required(Step.TRAIN_ACTOR, steps.trainActor()).outputs().checkpoint();
    }

    /** The refiner R_{t+1} the iteration trained. */
    public String trainedRefiner() {
      return steps.required(Step.TRAIN_REFINER, steps.trainRefiner()).outputs().checkpoint();
    }
  }

  /**
   * The completed steps of an iteration, each {@code null} until it ran.
   *
   * @param generate the Spark job's tables
   * @param trainActor the actor's DPO
   * @param trainRefiner the refiner's SFT
   * @param evaluate M_{t+1}'s scores
   * @param gate the promotion decision
   */
  public record Steps(
      StepRecord<Generated> generate,
      StepRecord<Trained> trainActor,
      StepRecord<Trained> trainRefiner,
      StepRecord<Evaluated> evaluate,
      StepRecord<GateDecision> gate) {
    /** No step done. */
    public static final Steps NONE = new Steps(null, null, null, null, null);

    public boolean done(Step step) {
      return switch (step) {
        case GENERATE -> generate != null;
        case TRAIN_ACTOR -> trainActor != null;
        case TRAIN_REFINER -> trainRefiner != null;
        case EVALUATE -> evaluate != null;
        case GATE -> gate != null;
      };
    }

    public Steps withGenerate(StepRecord<Generated> record) {
      return new Steps(record, trainActor, trainRefiner, evaluate, gate);
    }

    public Steps withTrainActor(StepRecord<Trained> record) {
      return new Steps(generate, record, trainRefiner, evaluate, gate);
    }

    public Steps withTrainRefiner(StepRecord<Trained> record) {
      return new Steps(generate, trainActor, record, evaluate, gate);
    }

    public Steps withEvaluate(StepRecord<Evaluated> record) {
      return new Steps(generate, trainActor, trainRefiner, record, gate);
    }

    public Steps withGate(StepRecord<GateDecision> record) {
      return new Steps(generate, trainActor, trainRefiner, evaluate, record);
    }

    /** These steps without {@code step}'s record: a re-run redoes it. */
    public Steps without(Step step) {
      return switch (step) {
        case GENERATE -> withGenerate(null);
        case TRAIN_ACTOR -> withTrainActor(null);
        case TRAIN_REFINER -> withTrainRefiner(null);
        case EVALUATE -> withEvaluate(null);
        case GATE -> withGate(null);
      };
    }

    /** The record of a step that must have run before the one asking. */
    <T> StepRecord<T> required(Step step, StepRecord<T> record) {
      if (record == null) {
        throw new IllegalStateException("the " + step.key() + " step has not run");
      }
      return record;
    }
  }

  /**
   * One completed step.
   *
   * @param startedAt ISO-8601 start time
   * @param finishedAt ISO-8601 end time
   * @param millis wall time
   * @param outputs what the step produced
   * @param <T> the step's result record
   */
  public record StepRecord<T>(String startedAt, String finishedAt, long millis, T outputs) {}

  public LoopState {
    iterations = new ArrayList<>(iterations == null ? List.of() : iterations);
  }

  /** The state in {@code file}, or an empty state when the file does not exist. */
  public static LoopState read(Path file) {
    if (!Files.exists(file)) {
      return new LoopState(1, List.of());
    }
    try {
      return JSON.readValue(file.toFile(), LoopState.class);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read loop state " + file + ": " + e.getMessage(), e);
    }
  }

  /** Writes the state atomically. */
  public void write(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write loop state " + file, e);
    }
  }

  public Optional<IterationRecord> iteration(int t) {
    return iterations.stream().filter(i -> i.iteration() == t).findFirst();
  }

  /** Adds or replaces iteration t. */
  public void put(IterationRecord record) {
    iterations.removeIf(i -> i.iteration() == record.iteration());
    iterations.add(record);
    iterations.sort(java.util.Comparator.comparingInt(IterationRecord::iteration));
  }
}
