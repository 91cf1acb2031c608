package ai.spar.cli;

import ai.spar.config.JobConfig;
import ai.spar.config.ModelConfig;
import ai.spar.config.SparConfig;
import ai.spar.ifeval.synth.InstructionSynthesizer;
import ai.spar.ifeval.synth.SynthesizedInstruction;
import ai.spar.llm.tokenizer.DemoTokenizer;
import ai.spar.llm.weights.TensorDType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import com.google.common.io.Resources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: when a configuration names the default model ({@link
 * ModelConfig#DEFAULT_ACTOR}) or the default input ({@link JobConfig#DEFAULT_INPUT}) and they do
 * not exist yet, they are made here, so {@code spar generate} and {@code spar iterate} work on a
 * fresh clone. The demo model is a small random-weight Llama with the bundled demo tokenizer (it
 * follows no instruction: it shows the machinery, not learning); the demo input is a seeded set of
 * synthesized verifiable instructions.
 */
final class DemoAssets {
  private static final Logger LOG = LoggerFactory.getLogger(DemoAssets.class);

  /** Size of the demo input. */
  static final int DEMO_INSTRUCTIONS = 16;

  static final long DEMO_SEED = 0;

  /**
   * The demo model's shape: ~0.5M parameters, a context long enough for the judge and refine
   * prompts.
   */
  static final ModelInitCommand.Shape DEMO_SHAPE =
      new ModelInitCommand.Shape(ModelInitCommand.Arch.llama, 128, 2, 4, 2, 384, 4096, false);

  private DemoAssets() {}

  /** Makes the default model and input if the configuration uses them and they are missing. */
  static SparConfig prepare(SparConfig config) {
    if (config.model().actor().equals(ModelConfig.DEFAULT_ACTOR)) {
      demoModel(Paths.get(ModelConfig.DEFAULT_ACTOR));
    }
    if (config.job().input().equals(JobConfig.DEFAULT_INPUT)) {
      demoInput(Paths.get(JobConfig.DEFAULT_INPUT));
    }
    return config;
  }

  /** The files of the shipped miniature base model (a classpath resource folder of spar-core). */
  static final List<String> MINIATURE_FILES =
      List.of(
          "config.json",
          "generation_config.json",
          "model.safetensors",
          "tokenizer.json",
          "tokenizer_config.json");

  static final String MINIATURE_RESOURCE = "ai/spar/miniature/model/";

  /**
   * The shipped miniature base model (trained from scratch by this project, see its README) copied
   * to {@code dir}, or empty when this build does not carry it. A copy is reused while its weights
   * equal the shipped ones and replaced when this build ships another model.
   */
  static java.util.Optional<Path> miniatureModel(Path dir) {
    ClassLoader loader = DemoAssets.class.getClassLoader();
    if (loader.getResource(MINIATURE_RESOURCE + "config.json") == null) {
      return java.util.Optional.empty();
    }
    try {
      if (Files.exists(dir.resolve("model.safetensors"))) {
        if (sameWeights(loader, dir)) {
          return java.util.Optional.of(dir);
        }
        LOG.info("{} holds another miniature model than this build ships: replacing it", dir);
        MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
      }
      LOG.info("copying the miniature model to {}", dir.toAbsolutePath());
      Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
      Files.createDirectories(partial);
      for (String name : MINIATURE_FILES) {
        try (var in = loader.getResourceAsStream(MINIATURE_RESOURCE + name)) {
          Files.copy(in, partial.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        }
      }
      Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the miniature model to " + dir, e);
    }
    return java.util.Optional.of(dir);
  }

  private static boolean sameWeights(ClassLoader loader, Path dir) throws IOException {
    return Resources.asByteSource(loader.getResource(MINIATURE_RESOURCE + "model.safetensors"))
        .contentEquals(MoreFiles.asByteSource(dir.resolve("model.safetensors")));
  }

  /** Whether a model directory is the random-weight demo model. */
  static boolean isRandomDemo(Path model) {
    return Files.exists(model.resolve("RANDOM_WEIGHTS"));
  }

  static Path demoModel(Path dir) {
    if (Files.exists(dir.resolve("config.json"))) {
      return dir;
    }
    LOG.info("preparing the demo model (random weights) at {}", dir.toAbsolutePath());
    try {
      Path work = Files.createTempDirectory("spar-demo-tokenizer");
      Path tokenizer = DemoTokenizer.copyTo(work);
      ModelInitCommand.write(DEMO_SHAPE, tokenizer, DEMO_SEED, dir, TensorDType.F32, 1);
      Files.writeString(
          dir.resolve("RANDOM_WEIGHTS"),
          "This demo model has random weights (spar model init): it shows the pipeline, not learning.\n",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the demo model at " + dir, e);
    }
    return dir;
  }

  static Path demoInput(Path file) {
    return synthesized(file, DEMO_INSTRUCTIONS, DEMO_SEED, false);
  }

  /**
   * Writes {@code n} synthesized verifiable instructions (seeded) as JSONL, unless the file exists.
   * With {@code ifevalKeys}, each row also gets an integer {@code key} (1, 2, ...) so the IFEval
   * scorer can read it.
   */
  static Path synthesized(Path file, int n, long seed, boolean ifevalKeys) {
    if (Files.exists(file)) {
      return file;
    }
    LOG.info("preparing {} synthesized instructions at {}", n, file.toAbsolutePath());
    ObjectMapper json = new ObjectMapper();
    List<String> lines = new ArrayList<>();
    InstructionSynthesizer synthesizer =
        new InstructionSynthesizer(InstructionSynthesizer.bundledTopics(), 1, 2);
    long key = 1;
    for (SynthesizedInstruction instruction : synthesizer.synthesize(n, seed)) {
      Map<String, Object> row = new LinkedHashMap<>();
      if (ifevalKeys) {
        row.put("key", key++);
      }
      row.putAll(instruction.toRow());
      try {
        lines.add(json.writeValueAsString(row));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, lines, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write instructions to " + file, e);
    }
    return file;
  }
}
