package ai.spar.miniature.dataset;

import ai.spar.miniature.MiniatureTokenizer;
import ai.spar.miniature.SftMixture;
import com.google.common.base.Preconditions;

/**
 * What {@link MiniatureDataset} writes.
 *
 * @param seed the seed of task synthesis, the mixture and the initial weights
 * @param sftInstructions instructions the SFT mixture is built from (an answer, judgment pairs, a
 *     refinement), at least 1
 * @param trainInstructions instructions for the SPaR iterations, at least 0
 * @param evalInstructions held-out evaluation instructions, at least 0
 * @param bpeSize BPE symbols of the tokenizer (bytes plus merges), at least 256
 * @param imperfectAnswerRate share of SFT answers that are the imperfect twin, in [0, 1]
 * @param judgmentPairs the most (Yes, No) judgment pairs per SFT instruction, at least 1
 */
public record MiniatureDataConfig(
    long seed,
    int sftInstructions,
    int trainInstructions,
    int evalInstructions,
    int bpeSize,
    double imperfectAnswerRate,
    int judgmentPairs) {
  public static final long DEFAULT_SEED = 0;
  public static final int DEFAULT_SFT = 8000;
  public static final int DEFAULT_TRAIN = 300;
  public static final int DEFAULT_EVAL = 200;

  public MiniatureDataConfig {
    Preconditions.checkArgument(
        sftInstructions >= 1, "sftInstructions must be >= 1, but was: %s", sftInstructions);
    Preconditions.checkArgument(
        trainInstructions >= 0, "trainInstructions must be >= 0, but was: %s", trainInstructions);
    Preconditions.checkArgument(
        evalInstructions >= 0, "evalInstructions must be >= 0, but was: %s", evalInstructions);
    Preconditions.checkArgument(bpeSize >= 256, "bpeSize must be >= 256, but was: %s", bpeSize);
    Preconditions.checkArgument(
        imperfectAnswerRate >= 0 && imperfectAnswerRate <= 1,
        "imperfectAnswerRate must be in [0, 1], but was: %s",
        imperfectAnswerRate);
    Preconditions.checkArgument(
        judgmentPairs >= 1, "judgmentPairs must be >= 1, but was: %s", judgmentPairs);
  }

  /** The defaults. */
  public static MiniatureDataConfig defaults() {
    return new MiniatureDataConfig(
        DEFAULT_SEED,
        DEFAULT_SFT,
        DEFAULT_TRAIN,
        DEFAULT_EVAL,
        MiniatureTokenizer.DEFAULT_BPE_SIZE,
        SftMixture.DEFAULT_IMPERFECT_ANSWER_RATE,
        SftMixture.DEFAULT_JUDGMENT_PAIRS);
  }
}
