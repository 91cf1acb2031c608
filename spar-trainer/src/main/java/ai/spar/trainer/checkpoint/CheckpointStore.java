package ai.spar.trainer.checkpoint;

import ai.spar.llm.llama.GenerationConfig;
import ai.spar.llm.llama.LlamaCheckpointWriter;
import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.weights.HostTensor;
import ai.spar.llm.weights.SafetensorsFile;
import ai.spar.llm.weights.SafetensorsWriter;
import ai.spar.llm.weights.TensorDType;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one output directory: {@code checkpoint-<step>/} (intermediate, the most
 * recent {@code keep} kept) and {@code final/}. Each is a Hugging Face model directory (float32
 * safetensors, {@code config.json}, {@code generation_config.json}, tokenizer files and chat
 * template) plus {@code optimizer.safetensors} (AdamW moments) and {@code trainer_state.json}. A
 * checkpoint is assembled in a hidden staging directory and renamed into place, so a directory
 * named {@code checkpoint-<step>} is always complete.
 */
public final class CheckpointStore {
  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);

  /** The optimizer moments file inside a checkpoint. */
  public static final String OPTIMIZER_FILE = "optimizer.safetensors";

  /** The name of the final model directory. */
  public static final String FINAL = "final";

  private static final String PREFIX = "checkpoint-";

  private final Path output;
  private final int keep;

  /**
   * @param output the run's output directory
   * @param keep most recent intermediate checkpoints to keep, >= 1
   */
  public CheckpointStore(Path output, int keep) {
    this.output = output.toAbsolutePath().normalize();
    this.keep = keep;
  }

  /** The directory of the checkpoint after {@code step} optimizer steps. */
  public Path checkpoint(int step) {
    return output.resolve(PREFIX + step);
  }

  /** The final model's directory. */
  public Path finalModel() {
    return output.resolve(FINAL);
  }

  /** The complete intermediate checkpoint with the most steps, if any. */
  public Optional<Path> latest() {
    if (!Files.isDirectory(output)) {
      return Optional.empty();
    }
    try (Stream<Path> entries = Files.list(output)) {
      return entries
          .filter(CheckpointStore::isCheckpoint)
          .max(Comparator.comparingInt(CheckpointStore::stepOf));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + output, e);
    }
  }

  private static boolean isCheckpoint(Path p) {
    String name = p.getFileName().toString();
    return name.matches(PREFIX + "\\d+") && Files.isRegularFile(p.resolve(TrainerState.FILE));
  }

  private static int stepOf(Path p) {
    return Integer.parseInt(p.getFileName().toString().substring(PREFIX.length()));
  }

  /**
   * Writes a checkpoint atomically.
   *
   * @param target {@link #checkpoint(int)} or {@link #finalModel()}
   * @param modelSource the starting model directory (its tokenizer files and chat template are
   *     copied)
   * @param optimizer the AdamW moments, or an empty map to leave them out
   */
  public void save(
      Path target,
      LlamaConfig config,
      GenerationConfig generation,
      Map<String, HostTensor> weights,
      Path modelSource,
      Map<String, HostTensor> optimizer,
      TrainerState state) {
    Path staging = output.resolve("." + target.getFileName() + ".staging");
    try {
      deleteTree(staging);
      LlamaCheckpointWriter.write(
          staging, config, generation, weights, modelSource, TensorDType.F32, 1);
      if (!optimizer.isEmpty()) {
        SafetensorsWriter.write(
            staging.resolve(OPTIMIZER_FILE), optimizer, TensorDType.F32, Map.of("format", "pt"));
      }
      state.write(staging);
      Path old = output.resolve("." + target.getFileName() + ".old");
      deleteTree(old);
      if (Files.exists(target)) {
        Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
      deleteTree(old);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    }
    LOG.info("saved {} (step {} of {})", target, state.step(), state.totalSteps());
    prune();
  }

  /** Reads the optimizer moments of a checkpoint. */
  public static Map<String, HostTensor> readOptimizer(Path checkpoint) {
    Path file = checkpoint.resolve(OPTIMIZER_FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          file + ": checkpoint has no optimizer state to resume from");
    }
    Map<String, HostTensor> state = new LinkedHashMap<>();
    try (SafetensorsFile tensors = SafetensorsFile.open(file)) {
      for (String name : tensors.tensors().keySet()) {
        HostTensor mapped = tensors.readFloat32(name);
        state.put(
            name,
            HostTensor.of(mapped.shape(), mapped.toFloatArray())); // a copy that outlives the file
      }
    }
    return state;
  }

  private void prune() {
    try (Stream<Path> entries = Files.list(output)) {
      List<Path> checkpoints =
          entries
              .filter(CheckpointStore::isCheckpoint)
              .sorted(Comparator.comparingInt(CheckpointStore::stepOf))
              .toList();
      for (int i = 0; i < checkpoints.size() - keep; i++) {
        deleteTree(checkpoints.get(i));
        LOG.debug("removed old checkpoint {}", checkpoints.get(i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prune checkpoints in " + output, e);
    }
  }

  /** Deletes {@code final/} and every {@code checkpoint-<step>/}: the output starts over. */
  public void clear() {
    try {
      deleteTree(finalModel());
      if (Files.isDirectory(output)) {
        try (Stream<Path> entries = Files.list(output)) {
          for (Path p : entries.filter(CheckpointStore::isCheckpoint).toList()) {
            deleteTree(p);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the checkpoints of " + output, e);
    }
  }

  static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    MoreFiles.deleteRecursively(root, RecursiveDeleteOption.ALLOW_INSECURE);
  }
}
