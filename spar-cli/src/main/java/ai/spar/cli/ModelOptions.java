package ai.spar.cli;

import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.llm.weights.TensorDType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of every command that opens a model directory ({@code --model}, {@code --device},
 * {@code --precision}, {@code --max-batch-tokens}, {@code --threads}), as a picocli mixin, and the
 * one place they become {@link RuntimeOptions} and a loaded {@link DjlLlamaModel}.
 *
 * <p>{@code --model} is optional at the picocli level so that commands with an alternative (e.g.
 * {@code eval ifeval --responses}) can share the mixin; {@link #load()} fails with a usage error
 * when it is absent.
 */
public final class ModelOptions {
  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec mixee;

  @Option(
      names = "--model",
      paramLabel = "DIR",
      description = "Hugging Face model directory (config.json, safetensors, tokenizer.json)")
  Path model;

  @Option(
      names = "--device",
      paramLabel = "DEVICE",
      description = "cpu, gpu:N or auto (a GPU when one is visible) (default: ${DEFAULT-VALUE})")
  String device;

  @Option(
      names = "--precision",
      paramLabel = "P",
      description = "auto (f32 on CPU, f16 on GPU), f32 or f16 (default: ${DEFAULT-VALUE})")
  String precision = "auto";

  @Option(
      names = "--max-batch-tokens",
      paramLabel = "N",
      description =
          "cache slots of one micro-batch: rows x (padded prompt + new tokens)"
              + " (default: ${DEFAULT-VALUE})")
  int maxBatchTokens = RuntimeOptions.DEFAULT_MAX_BATCH_TOKENS;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description = "PyTorch intra-op threads; 0: one per processor (default: ${DEFAULT-VALUE})")
  int threads;

  /** Options whose {@code --device} defaults to {@code auto}. */
  public ModelOptions() {
    this(RuntimeOptions.DEFAULT_DEVICE);
  }

  /**
   * Options with another default device (e.g. {@code cpu} for the float32 numerics check of {@code
   * model logits}).
   */
  public ModelOptions(String defaultDevice) {
    this.device = defaultDevice;
  }

  /** Whether {@code --model} was given. */
  public boolean hasModel() {
    return model != null;
  }

  /** The model directory; a usage error when {@code --model} is absent. */
  public Path modelDirectory() {
    if (model == null) {
      throw new CommandLine.ParameterException(
          mixee.commandLine(), "Missing required option: '--model=DIR'");
    }
    return model;
  }

  /** The runtime options the flags describe; a usage error names a bad flag value. */
  public RuntimeOptions runtimeOptions() {
    try {
      RuntimeOptions options =
          RuntimeOptions.defaults()
              .withDevice(device.toLowerCase(Locale.ROOT))
              .withBatchLimits(RuntimeOptions.DEFAULT_MAX_BATCH_ROWS, maxBatchTokens)
              .withThreads(threads);
      return switch (precision.toLowerCase(Locale.ROOT)) {
        case "auto" -> options;
        case "f32" -> options.withDtype(TensorDType.F32);
        case "f16" -> options.withDtype(TensorDType.F16);
        default ->
            throw new IllegalArgumentException(
                "--precision must be auto, f32 or f16, but was: " + precision);
      };
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * Loads the model. The caller closes it.
   *
   * @throws CommandLine.ParameterException when {@code --model} is absent or not a directory, or a
   *     flag is out of range
   */
  public DjlLlamaModel load() {
    Path dir = modelDirectory();
    if (!Files.isDirectory(dir)) {
      throw new CommandLine.ParameterException(
          mixee.commandLine(), "--model must be a model directory, but was: " + dir);
    }
    return DjlLlamaModel.load(dir, runtimeOptions());
  }
}
