package ai.spar.trainer;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.spar.llm.llama.GenerationConfig;
import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.llama.LlamaModel;
import ai.spar.llm.llama.LlamaWeights;
import ai.spar.llm.llama.PyTorchEngine;
import ai.spar.llm.weights.SafetensorsCheckpoint;
import java.nio.file.Path;

/**
 * A Hugging Face model directory loaded in float32 for training or for reference log-probs. Owns
 * its engine manager; closing frees the weights.
 */
final class TrainableModel implements AutoCloseable {
  static final String ENGINE = "PyTorch";

  private final Path directory;
  private final LlamaConfig config;
  private final GenerationConfig generation;
  private final NDManager manager;
  private final LlamaModel model;

  private TrainableModel(
      Path directory,
      LlamaConfig config,
      GenerationConfig generation,
      NDManager manager,
      LlamaModel model) {
    this.directory = directory;
    this.config = config;
    this.generation = generation;
    this.manager = manager;
    this.model = model;
  }

  /**
   * Loads a model directory.
   *
   * @throws IllegalArgumentException or {@link ai.spar.llm.weights.SafetensorsException} naming the
   *     directory or file when the configuration or the weights are missing or invalid
   */
  static TrainableModel load(Path directory, String device) {
    LlamaConfig config = LlamaConfig.load(directory);
    GenerationConfig generation = GenerationConfig.load(directory);
    Engine engine = Engine.getEngine(ENGINE);
    NDManager manager = NDManager.newBaseManager(PyTorchEngine.device(engine, device), ENGINE);
    try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(directory)) {
      LlamaWeights weights = LlamaWeights.load(config, checkpoint, manager, DataType.FLOAT32);
      return new TrainableModel(
          directory, config, generation, manager, new LlamaModel(weights, DataType.FLOAT32));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /** Makes every parameter a leaf that accumulates gradients. */
  void makeTrainable() {
    for (NDArray p : model.weights().parameters().values()) {
      p.setRequiresGradient(true);
    }
  }

  Path directory() {
    return directory;
  }

  LlamaConfig config() {
    return config;
  }

  GenerationConfig generation() {
    return generation;
  }

  NDManager manager() {
    return manager;
  }

  LlamaModel model() {
    return model;
  }

  @Override
  public void close() {
    model.close();
    manager.close();
  }
}
