package ai.spar.bench;

import ai.spar.miniature.MiniatureEvaluator;
import ai.spar.miniature.dataset.MiniatureDataConfig;
import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Map;

/**
 * The sizes of a miniature experiment ({@link MiniatureBench}).
 *
 * @param sftInstructions instructions of the SFT mixture when the data is written by the run
 * @param testTasks held-out instructions used only for reporting, >= 1
 * @param devTasks held-out instructions for choosing (the DPO learning rate) and for the judge's
 *     measurements, >= 1
 * @param trainTasks fresh instructions of every SPaR iteration (disjoint across iterations), >= 1
 * @param iterations SPaR iterations per arm, >= 1
 * @param seeds repetitions with other job and DPO seeds, >= 1
 * @param ruleJudgeArms whether the arms also run with the rule judge (every pair right by
 *     construction: the DPO sanity check)
 * @param independentIterations iterations of the independent-pairs arms, in [1, iterations] (fewer
 *     saves their generations; the comparison is then made at that iteration)
 * @param control whether the "without iterative training" control runs (one DPO from the SFT model
 *     on all iterations' refined pairs)
 * @param dpoLearningRates the DPO learning rates tried on the dev set with the rule-judge arm's
 *     first iteration (seed 0); one value skips the sweep
 * @param evaluation how the evaluator samples
 * @param overrides configuration keys set on top of the experiment's SPaR configuration file
 */
public record MiniatureBenchSettings(
    int sftInstructions,
    int testTasks,
    int devTasks,
    int trainTasks,
    int iterations,
    int seeds,
    boolean ruleJudgeArms,
    int independentIterations,
    boolean control,
    List<Double> dpoLearningRates,
    MiniatureEvaluator.Settings evaluation,
    Map<String, String> overrides) {
  public MiniatureBenchSettings {
    Preconditions.checkArgument(
        sftInstructions >= 1, "sftInstructions must be >= 1, but was: %s", sftInstructions);
    Preconditions.checkArgument(testTasks >= 1, "testTasks must be >= 1, but was: %s", testTasks);
    Preconditions.checkArgument(devTasks >= 1, "devTasks must be >= 1, but was: %s", devTasks);
    Preconditions.checkArgument(
        trainTasks >= 1, "trainTasks must be >= 1, but was: %s", trainTasks);
    Preconditions.checkArgument(
        iterations >= 1, "iterations must be >= 1, but was: %s", iterations);
    Preconditions.checkArgument(seeds >= 1, "seeds must be >= 1, but was: %s", seeds);
    Preconditions.checkArgument(
        independentIterations >= 1 && independentIterations <= iterations,
        "independentIterations must be in [1, iterations = %s], but was: %s",
        iterations,
        independentIterations);
    Preconditions.checkArgument(
        dpoLearningRates != null && !dpoLearningRates.isEmpty(),
        "dpoLearningRates must hold at least one rate");
    for (double lr : dpoLearningRates) {
      Preconditions.checkArgument(lr > 0, "a DPO learning rate must be > 0, but was: %s", lr);
    }
    Preconditions.checkArgument(evaluation != null, "evaluation must not be null");
    dpoLearningRates = List.copyOf(dpoLearningRates);
    overrides = Map.copyOf(overrides);
  }

  /**
   * The full experiment (conf/miniature/README.md): 400 test and 200 dev instructions, 512 fresh
   * training instructions per iteration, 3 iterations, the rule-judge arms, the control, a sweep of
   * three DPO learning rates, one seed (more with {@code --seeds}).
   */
  public static MiniatureBenchSettings full() {
    return new MiniatureBenchSettings(
        MiniatureDataConfig.DEFAULT_SFT,
        400,
        200,
        512,
        3,
        1,
        true,
        3,
        true,
        List.of(2e-5, 5e-5, 1e-4),
        new MiniatureEvaluator.Settings(3, 0.7, 96, 128, 160, 42),
        Map.of());
  }

  /** The quick variant's cap on the base model's SFT steps. */
  public static final int QUICK_BASE_STEPS = 60;

  /**
   * The CI-sized variant (minutes, not for accuracy): 200 SFT instructions (the base model trains
   * for at most {@link #QUICK_BASE_STEPS} steps), 16 test, 16 dev and 16 training instructions per
   * iteration, 2 iterations with 2 samples and 1 vote each and a one-level tree, every arm, no
   * learning-rate sweep.
   */
  public static MiniatureBenchSettings quick() {
    return new MiniatureBenchSettings(
        200,
        16,
        16,
        16,
        2,
        1,
        true,
        2,
        true,
        List.of(1e-4),
        new MiniatureEvaluator.Settings(1, 0.7, 64, 128, 128, 42),
        Map.of(
            "actor.samples", "2",
            "judge.votes", "1",
            "search.branch", "2",
            "search.select_branch", "1",
            "search.max_depth", "1",
            "search.node_budget", "2"));
  }

  /**
   * These settings with other sizes; null keeps a value (the independent arms' iterations follow
   * the iterations unless given).
   */
  public MiniatureBenchSettings with(
      Integer testTasks,
      Integer devTasks,
      Integer trainTasks,
      Integer iterations,
      Integer seeds,
      List<Double> dpoLearningRates,
      Boolean ruleJudgeArms,
      Integer independentIterations) {
    int its = iterations != null ? iterations : this.iterations;
    return new MiniatureBenchSettings(
        sftInstructions,
        testTasks != null ? testTasks : this.testTasks,
        devTasks != null ? devTasks : this.devTasks,
        trainTasks != null ? trainTasks : this.trainTasks,
        its,
        seeds != null ? seeds : this.seeds,
        ruleJudgeArms != null ? ruleJudgeArms : this.ruleJudgeArms,
        independentIterations != null ? independentIterations : its,
        control,
        dpoLearningRates != null ? dpoLearningRates : this.dpoLearningRates,
        evaluation,
        overrides);
  }
}
