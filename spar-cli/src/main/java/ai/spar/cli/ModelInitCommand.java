package ai.spar.cli;

import ai.spar.llm.llama.GenerationConfig;
import ai.spar.llm.llama.LlamaCheckpointWriter;
import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.llama.LlamaInitializer;
import ai.spar.llm.tokenizer.HfTokenizer;
import ai.spar.llm.weights.TensorDType;
import ai.spar.miniature.MiniatureModelPreset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code spar model init}: a random-weight checkpoint in the Hugging Face layout. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = "Write a random-weight Llama, Qwen2 or GLM checkpoint (Hugging Face layout).")
public final class ModelInitCommand implements Callable<Integer> {
  /**
   * The architectures a random checkpoint can have, with the settings their released models use.
   *
   * @param architecture the Hugging Face architecture name
   * @param rmsNormEps RMSNorm epsilon
   * @param ropeTheta RoPE base
   * @param qkvBias whether q/k/v have biases
   * @param partialRotaryFactor share of each head that RoPE rotates
   * @param extraEos end-of-turn tokens of the family's chat format, added to the EOS ids when the
   *     tokenizer has them
   */
  enum Arch {
    llama(LlamaConfig.LLAMA, 1e-5, 500_000.0, false, 1.0, List.of()),
    qwen2(LlamaConfig.QWEN2, 1e-6, 1_000_000.0, true, 1.0, List.of()),
    glm(LlamaConfig.GLM, 1.5625e-07, 10_000.0, true, 0.5, List.of("<|user|>", "<|observation|>"));

    final String architecture;
    final double rmsNormEps;
    final double ropeTheta;
    final boolean qkvBias;
    final double partialRotaryFactor;
    final List<String> extraEos;

    Arch(
        String architecture,
        double rmsNormEps,
        double ropeTheta,
        boolean qkvBias,
        double partialRotaryFactor,
        List<String> extraEos) {
      this.architecture = architecture;
      this.rmsNormEps = rmsNormEps;
      this.ropeTheta = ropeTheta;
      this.qkvBias = qkvBias;
      this.partialRotaryFactor = partialRotaryFactor;
      this.extraEos = extraEos;
    }
  }

  @Option(
      names = "--arch",
      defaultValue = "llama",
      description =
          "llama, qwen2 or glm (GlmForCausalLM: q/k/v biases, fused gate_up_proj, RoPE on half"
              + " of each head; default: ${DEFAULT-VALUE})")
  Arch arch;

  /** Named model sizes. */
  enum Preset {
    miniature
  }

  @Option(
      names = "--preset",
      description =
          "a named size instead of the dimension options: miniature (hidden 256, 4 layers, 4"
              + " heads, 2 kv heads, intermediate 704, context 512)")
  Preset preset;

  @Option(names = "--hidden", description = "hidden size (required without --preset)")
  Integer hidden;

  @Option(names = "--layers", description = "decoder layers (required without --preset)")
  Integer layers;

  @Option(names = "--heads", description = "attention heads (required without --preset)")
  Integer heads;

  @Option(names = "--kv-heads", description = "key/value heads (default: --heads)")
  Integer kvHeads;

  @Option(names = "--intermediate", description = "MLP inner size (required without --preset)")
  Integer intermediate;

  @Option(
      names = "--context",
      defaultValue = "2048",
      description = "max positions (default: ${DEFAULT-VALUE})")
  int context;

  @Option(
      names = "--tokenizer",
      required = true,
      description = "directory with tokenizer.json (and config/template)")
  Path tokenizer;

  @Option(
      names = "--seed",
      defaultValue = "0",
      description = "weights seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--out",
      required = true,
      description = "output model directory (replaced atomically)")
  Path out;

  @Option(names = "--tie-embeddings", description = "share the embedding and output head")
  boolean tieEmbeddings;

  @Option(
      names = "--dtype",
      defaultValue = "f32",
      description = "f32, f16 or bf16 (default: ${DEFAULT-VALUE})")
  String dtype;

  @Mixin ShardsOption shardsOption;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (preset != null) {
      if (hidden != null
          || layers != null
          || heads != null
          || kvHeads != null
          || intermediate != null) {
        throw new ParameterException(
            spec.commandLine(), "--preset miniature fixes the dimensions; drop the size options");
      }
      LlamaConfig config = MiniatureModelPreset.writeInitialCheckpoint(tokenizer, out, seed);
      report(config);
      return 0;
    }
    for (Object[] option :
        new Object[][] {
          {"--hidden", hidden},
          {"--layers", layers},
          {"--heads", heads},
          {"--intermediate", intermediate}
        }) {
      if (option[1] == null) {
        throw new ParameterException(
            spec.commandLine(), "Missing required option: '" + option[0] + "' (or use --preset)");
      }
    }
    LlamaConfig config =
        write(
            new Shape(
                arch,
                hidden,
                layers,
                heads,
                kvHeads == null ? heads : kvHeads,
                intermediate,
                context,
                tieEmbeddings),
            tokenizer,
            seed,
            out,
            TensorDType.parse(dtype),
            shardsOption.shards);
    report(config);
    return 0;
  }

  private void report(LlamaConfig config) {
    System.out.printf(
        java.util.Locale.ROOT,
        "wrote %s: %,d parameters, %s, %d shard(s)%n",
        out,
        config.parameterCount(),
        preset != null ? "f32" : dtype,
        preset != null ? 1 : shardsOption.shards);
  }

  /** The architecture of a random checkpoint (what {@code model init}'s flags describe). */
  record Shape(
      Arch arch,
      int hidden,
      int layers,
      int heads,
      int kvHeads,
      int intermediate,
      int context,
      boolean tieEmbeddings) {}

  /**
   * Writes a random-weight checkpoint of {@code shape} with the tokenizer files of {@code
   * tokenizer} (vocabulary, BOS and EOS ids taken from it) to {@code out}.
   *
   * @return the written model configuration
   */
  static LlamaConfig write(
      Shape shape, Path tokenizer, long seed, Path out, TensorDType dtype, int shards) {
    int vocab;
    List<Integer> eos = new ArrayList<>();
    int bos;
    try (HfTokenizer t = HfTokenizer.load(tokenizer)) {
      vocab = t.vocabSize();
      bos = t.tokenId("<|begin_of_text|>").orElse(t.tokenId("<s>").orElse(-1));
      List<String> candidates =
          new ArrayList<>(
              List.of("<|eot_id|>", "<|end_of_text|>", "</s>", "<|im_end|>", "<|endoftext|>"));
      candidates.addAll(shape.arch().extraEos);
      for (String candidate : candidates) {
        t.tokenId(candidate).ifPresent(eos::add);
      }
    }
    Arch arch = shape.arch();
    LlamaConfig config =
        new LlamaConfig(
            arch.architecture,
            vocab,
            shape.hidden(),
            shape.intermediate(),
            shape.layers(),
            shape.heads(),
            shape.kvHeads(),
            shape.hidden() / shape.heads(),
            shape.context(),
            arch.rmsNormEps,
            arch.ropeTheta,
            Optional.empty(),
            shape.tieEmbeddings(),
            arch.qkvBias,
            bos,
            eos,
            arch.partialRotaryFactor);
    LlamaCheckpointWriter.write(
        out,
        config,
        new GenerationConfig(bos, eos),
        LlamaInitializer.randomWeights(config, seed),
        tokenizer,
        dtype,
        shards);
    return config;
  }
}
