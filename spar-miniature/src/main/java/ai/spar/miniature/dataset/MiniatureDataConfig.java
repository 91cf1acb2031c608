package ai.spar.miniature.dataset;

import ai.spar.miniature.MiniatureTokenizer;
import ai.spar.miniature.SftMixture;
import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Set;

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
 * @param weakConstraints IFEval ids whose SFT answers break them with probability {@code
 *     weakViolationRate} (see {@link SftMixture.Recipe}); empty (or absent in an older summary) for
 *     none
 * @param weakViolationRate in [0, 1]
 * @param contentVariants whether judgment and refinement rows are written from other content than
 *     the answer
 */
public record MiniatureDataConfig(
    long seed,
    int sftInstructions,
    int trainInstructions,
    int evalInstructions,
    int bpeSize,
    double imperfectAnswerRate,
    int judgmentPairs,
    List<String> weakConstraints,
    double weakViolationRate,
    boolean contentVariants) {
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
    weakConstraints = weakConstraints == null ? List.of() : List.copyOf(weakConstraints);
    // validates the weak constraints and their rate
    new SftMixture.Recipe(
        imperfectAnswerRate,
        judgmentPairs,
        Set.copyOf(weakConstraints),
        weakViolationRate,
        contentVariants);
  }

  /** The first shipped mixture's form: no weak constraints, no content variants. */
  public MiniatureDataConfig(
      long seed,
      int sftInstructions,
      int trainInstructions,
      int evalInstructions,
      int bpeSize,
      double imperfectAnswerRate,
      int judgmentPairs) {
    this(
        seed,
        sftInstructions,
        trainInstructions,
        evalInstructions,
        bpeSize,
        imperfectAnswerRate,
        judgmentPairs,
        List.of(),
        0,
        false);
  }

  /** The SFT mixture's recipe. */
  public SftMixture.Recipe recipe() {
    return new SftMixture.Recipe(
        imperfectAnswerRate,
        judgmentPairs,
        Set.copyOf(weakConstraints),
        weakViolationRate,
        contentVariants);
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
