package ai.spar.miniature;

import ai.spar.llm.llama.GenerationConfig;
import ai.spar.llm.llama.LlamaCheckpointWriter;
import ai.spar.llm.llama.LlamaConfig;
import ai.spar.llm.llama.LlamaInitializer;
import ai.spar.llm.tokenizer.HfTokenizer;
import ai.spar.llm.weights.TensorDType;
import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The size of the miniature model: a Llama of a few million parameters (hidden 256, 4 layers, 4
 * query heads over 2 key/value heads, SwiGLU width 704, context 512, untied embeddings) sized to
 * the miniature tokenizer, small enough to train from scratch on a CPU.
 */
public final class MiniatureModelPreset {
  public static final int HIDDEN = 256;
  public static final int LAYERS = 4;
  public static final int HEADS = 4;
  public static final int KV_HEADS = 2;
  public static final int INTERMEDIATE = 704;
  public static final int CONTEXT = MiniatureTokenizer.MAX_LENGTH;
  public static final double RMS_NORM_EPS = 1e-5;
  public static final double ROPE_THETA = 10_000.0;

  private MiniatureModelPreset() {}

  /**
   * The configuration for a vocabulary.
   *
   * @param vocabSize the tokenizer's id count
   * @param bos the BOS id
   * @param eos the ids that end generation
   */
  public static LlamaConfig config(int vocabSize, int bos, List<Integer> eos) {
    Preconditions.checkArgument(vocabSize > 0, "vocabSize must be > 0, but was: %s", vocabSize);
    return new LlamaConfig(
        LlamaConfig.LLAMA,
        vocabSize,
        HIDDEN,
        INTERMEDIATE,
        LAYERS,
        HEADS,
        KV_HEADS,
        HIDDEN / HEADS,
        CONTEXT,
        RMS_NORM_EPS,
        ROPE_THETA,
        Optional.empty(),
        false,
        false,
        bos,
        eos,
        1.0);
  }

  /** The configuration for the tokenizer in {@code tokenizerDirectory}: BOS and eot from it. */
  public static LlamaConfig configFor(Path tokenizerDirectory) {
    try (HfTokenizer tokenizer = HfTokenizer.load(tokenizerDirectory)) {
      int bos = requiredId(tokenizer, MiniatureTokenizer.BOS, tokenizerDirectory);
      int eot = requiredId(tokenizer, MiniatureTokenizer.EOT, tokenizerDirectory);
      int end = requiredId(tokenizer, MiniatureTokenizer.END_OF_TEXT, tokenizerDirectory);
      return config(tokenizer.vocabSize(), bos, List.of(eot, end));
    }
  }

  private static int requiredId(HfTokenizer tokenizer, String token, Path directory) {
    return tokenizer
        .tokenId(token)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    directory.resolve(HfTokenizer.FILE) + ": missing special token " + token));
  }

  /**
   * Writes a random-weight float32 checkpoint of the preset with the tokenizer files copied in.
   *
   * @return the configuration written
   */
  public static LlamaConfig writeInitialCheckpoint(Path tokenizerDirectory, Path out, long seed) {
    LlamaConfig config = configFor(tokenizerDirectory);
    LlamaCheckpointWriter.write(
        out,
        config,
        new GenerationConfig(config.bosTokenId(), config.eosTokenIds()),
        LlamaInitializer.randomWeights(config, seed),
        tokenizerDirectory,
        TensorDType.F32,
        1);
    return config;
  }
}
