package ai.spar.trainer.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The contents of {@code trainer_state.json}: where a run stands and what it trains on.
 *
 * @param objective {@code DPO} or {@code SFT}
 * @param step optimizer steps completed
 * @param totalSteps optimizer steps of the whole run
 * @param epoch the epoch the next step belongs to
 * @param dataFingerprint the training data's content hash
 * @param baseWeightsHash the weights hash of the model the run started from
 * @param referenceKey the reference log-prob cache key ("" for SFT)
 * @param config the training configuration, as JSON
 */
public record TrainerState(
    String objective,
    int step,
    int totalSteps,
    int epoch,
    String dataFingerprint,
    String baseWeightsHash,
    String referenceKey,
    JsonNode config) {
  /** The file name inside a checkpoint. */
  public static final String FILE = "trainer_state.json";

  public TrainerState {
    Preconditions.checkArgument(
        step >= 0 && step <= totalSteps, "step must be in [0, %s], but was: %s", totalSteps, step);
    Preconditions.checkArgument(
        dataFingerprint != null && !dataFingerprint.isBlank(), "dataFingerprint must not be blank");
    Preconditions.checkArgument(config != null, "config must not be null");
  }

  /** Writes the state into a directory. */
  public void write(Path directory) {
    try {
      Files.writeString(
          directory.resolve(FILE),
          new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(this),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + directory.resolve(FILE), e);
    }
  }

  /**
   * Reads the state of a checkpoint directory.
   *
   * @throws IllegalArgumentException naming the file when it is missing or invalid
   */
  public static TrainerState read(Path directory) {
    Path file = directory.resolve(FILE);
    try {
      return new ObjectMapper()
          .readValue(Files.readString(file, StandardCharsets.UTF_8), TrainerState.class);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException(
          file + ": cannot read trainer state: " + e.getMessage(), e);
    }
  }
}
