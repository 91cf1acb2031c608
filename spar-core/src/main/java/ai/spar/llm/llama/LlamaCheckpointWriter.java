package ai.spar.llm.llama;

import ai.spar.llm.chat.TokenizerConfig;
import ai.spar.llm.tokenizer.HfTokenizer;
import ai.spar.llm.weights.HostTensor;
import ai.spar.llm.weights.SafetensorsCheckpoint;
import ai.spar.llm.weights.SafetensorsWriter;
import ai.spar.llm.weights.TensorDType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;

/**
 * Writes a model directory in the Hugging Face layout (safetensors weights, {@code config.json},
 * {@code generation_config.json}, and the tokenizer files copied from a source directory)
 * atomically: everything is written to a temporary sibling directory that is then renamed into
 * place, replacing an existing checkpoint.
 */
public final class LlamaCheckpointWriter {
  /** Tokenizer files copied when the source directory has them. */
  static final List<String> TOKENIZER_FILES =
      List.of(
          HfTokenizer.FILE,
          TokenizerConfig.FILE,
          TokenizerConfig.TEMPLATE_FILE,
          "special_tokens_map.json",
          "tokenizer.model");

  private LlamaCheckpointWriter() {}

  /**
   * Writes the checkpoint.
   *
   * @param out the model directory to create or replace
   * @param weights parameters by Hugging Face name: the runtime names of {@link
   *     LlamaWeights#expectedShapes} (stacked here into the tensors the family's checkpoints fuse,
   *     such as GLM's {@code mlp.gate_up_proj.weight}) or already the checkpoint's names
   * @param tokenizerSource a directory with at least {@code tokenizer.json}
   * @param dtype the element type on disk
   * @param shards number of weight files (1: a single {@code model.safetensors})
   */
  public static void write(
      Path out,
      LlamaConfig config,
      GenerationConfig generation,
      Map<String, HostTensor> weights,
      Path tokenizerSource,
      TensorDType dtype,
      int shards) {
    if (!Files.isRegularFile(tokenizerSource.resolve(HfTokenizer.FILE))) {
      throw new IllegalArgumentException(
          tokenizerSource.resolve(HfTokenizer.FILE) + ": tokenizer file does not exist");
    }
    Path target = out.toAbsolutePath().normalize();
    Path parent = target.getParent();
    try {
      Files.createDirectories(parent);
      Path temp = Files.createTempDirectory(parent, "." + target.getFileName() + ".tmp-");
      try {
        SafetensorsWriter.writeCheckpoint(
            temp, CheckpointLayout.toCheckpoint(config, weights), dtype, shards);
        ObjectMapper json = new ObjectMapper();
        var configJson = config.toJson();
        configJson.put(
            "torch_dtype",
            dtype == TensorDType.F32
                ? "float32"
                : dtype == TensorDType.F16 ? "float16" : "bfloat16");
        Files.writeString(
            temp.resolve(LlamaConfig.FILE),
            json.writerWithDefaultPrettyPrinter().writeValueAsString(configJson),
            StandardCharsets.UTF_8);
        Files.writeString(
            temp.resolve(GenerationConfig.FILE),
            json.writerWithDefaultPrettyPrinter().writeValueAsString(generation.toJson()),
            StandardCharsets.UTF_8);
        for (String name : TOKENIZER_FILES) {
          Path source = tokenizerSource.resolve(name);
          if (Files.isRegularFile(source)) {
            Files.copy(source, temp.resolve(name));
          }
        }
        replace(temp, target);
      } catch (IOException | RuntimeException e) {
        deleteTree(temp);
        throw e;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write checkpoint " + target, e);
    }
  }

  /**
   * Rewrites the checkpoint in {@code source} with its weights stored as {@code dtype} (e.g. F16 to
   * halve a shipped model): the same configuration, generation settings and tokenizer files.
   *
   * @param source a model directory in the Hugging Face layout
   * @param out the model directory to create or replace; must differ from {@code source}
   * @param shards number of weight files
   * @return the model's configuration
   */
  public static LlamaConfig convert(Path source, Path out, TensorDType dtype, int shards) {
    if (source.toAbsolutePath().normalize().equals(out.toAbsolutePath().normalize())) {
      throw new IllegalArgumentException(
          out + ": the output directory must differ from the model directory");
    }
    LlamaConfig config = LlamaConfig.load(source);
    GenerationConfig generation = GenerationConfig.load(source);
    Map<String, HostTensor> weights = new java.util.LinkedHashMap<>();
    try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(source)) {
      for (String name : checkpoint.tensors().keySet()) {
        weights.put(name, checkpoint.readFloat32(name));
      }
      write(out, config, generation, weights, source, dtype, shards);
    } finally {
      weights.values().forEach(HostTensor::release);
    }
    return config;
  }

  private static void replace(Path temp, Path target) throws IOException {
    Path old = null;
    if (Files.exists(target)) {
      old = Files.createTempDirectory(target.getParent(), "." + target.getFileName() + ".old-");
      Files.delete(old);
      Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
    if (old != null) {
      deleteTree(old);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    MoreFiles.deleteRecursively(root, RecursiveDeleteOption.ALLOW_INSECURE);
  }
}
