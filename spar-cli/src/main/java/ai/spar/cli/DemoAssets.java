package ai.spar.cli;

import ai.spar.config.JobConfig;
import ai.spar.config.ModelConfig;
import ai.spar.config.SparConfig;
import ai.spar.llm.weights.TensorDType;
import ai.spar.miniature.DemoTokenizer;
import ai.spar.miniature.synth.InstructionSynthesizer;
import ai.spar.miniature.synth.SynthesizedInstruction;
import com.fasterxml.jackson.databind.ObjectMapper;
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

  /**
   * Makes the default input (synthesized instructions) if the configuration uses it and it is
   * missing.
   */
  static SparConfig prepare(SparConfig config) {
    if (config.job().input().equals(JobConfig.DEFAULT_INPUT)) {
      demoInput(Paths.get(JobConfig.DEFAULT_INPUT));
    }
    return config;
  }

  /**
   * A small random-weight Llama with the bundled demo tokenizer at {@code dir} (made when missing):
   * a stand-in for benchmarks of throughput only, which follows no instruction.
   */
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
