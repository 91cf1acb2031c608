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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The loop's state, {@code <root>/iterations.json}: per iteration its inputs (actor and refiner
 * checkpoints) and one record per completed step. A step appears here only after its output was
 * committed, so the first step missing is where a re-run continues. Written atomically (temporary
 * file, then rename). Mutable; not thread-safe.
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

  /** The steps of an iteration, in order. */
  public static final List<String> STEPS =
      List.of("generate", "train_actor", "train_refiner", "evaluate", "gate");

  /**
   * One iteration.
   *
   * @param iteration t
   * @param actor the actor checkpoint M_t
   * @param refiner the refiner checkpoint R_t
   * @param baseline the IFEval metrics of M_t (measured by this iteration when no earlier one did)
   * @param steps completed steps by name
   */
  public record IterationRecord(
      int iteration,
      String actor,
      String refiner,
      Map<String, Object> baseline,
      Map<String, StepRecord> steps) {
    public IterationRecord {
      steps = new LinkedHashMap<>(steps == null ? Map.of() : steps);
    }

    public boolean done(String step) {
      return steps.containsKey(step);
    }

    public boolean complete() {
      return STEPS.stream().allMatch(this::done);
    }
  }

  /**
   * One completed step.
   *
   * @param startedAt ISO-8601 start time
   * @param finishedAt ISO-8601 end time
   * @param millis wall time
   * @param outputs what the step produced (paths, counts, metrics, the gate's decision)
   */
  public record StepRecord(
      String startedAt, String finishedAt, long millis, Map<String, Object> outputs) {
    public StepRecord {
      outputs = new LinkedHashMap<>(outputs == null ? Map.of() : outputs);
    }
  }

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
