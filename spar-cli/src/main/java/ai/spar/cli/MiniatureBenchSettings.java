package ai.spar.cli;

import ai.spar.miniature.MiniatureEvaluator;
import ai.spar.miniature.dataset.MiniatureDataConfig;
import com.google.common.base.Preconditions;
import java.util.Map;

/**
 * The sizes of a miniature benchmark run ({@link MiniatureBench}).
 *
 * @param sftInstructions instructions of the SFT mixture when the data is written by the run
 * @param evalTasks held-out instructions measured at every stage (the first of the eval set), >= 1
 * @param trainTasks instructions of every SPaR iteration (the first of the train set), >= 1
 * @param iterations SPaR iterations per arm, >= 1
 * @param evaluation how the evaluator samples
 * @param overrides configuration keys set on top of the miniature's SPaR configuration file
 */
public record MiniatureBenchSettings(
    int sftInstructions,
    int evalTasks,
    int trainTasks,
    int iterations,
    MiniatureEvaluator.Settings evaluation,
    Map<String, String> overrides) {
  public MiniatureBenchSettings {
    Preconditions.checkArgument(
        sftInstructions >= 1, "sftInstructions must be >= 1, but was: %s", sftInstructions);
    Preconditions.checkArgument(evalTasks >= 1, "evalTasks must be >= 1, but was: %s", evalTasks);
    Preconditions.checkArgument(
        trainTasks >= 1, "trainTasks must be >= 1, but was: %s", trainTasks);
    Preconditions.checkArgument(
        iterations >= 1, "iterations must be >= 1, but was: %s", iterations);
    Preconditions.checkArgument(evaluation != null, "evaluation must not be null");
    overrides = Map.copyOf(overrides);
  }

  /**
   * The full benchmark: the shipped model's SFT data ({@link MiniatureDataConfig#DEFAULT_SFT}
   * instructions, used only when the run trains its own base model), 96 held-out instructions (3
   * votes per judged response), 128 training instructions, 2 iterations. About 4 minutes from the
   * shipped model on a quiet 2-core CPU.
   */
  public static MiniatureBenchSettings full() {
    return new MiniatureBenchSettings(
        MiniatureDataConfig.DEFAULT_SFT,
        96,
        128,
        2,
        new MiniatureEvaluator.Settings(3, 0.7, 96, 128, 160, 42),
        Map.of());
  }

  /**
   * The CI-sized variant (minutes, not for accuracy): 200 SFT instructions (the base model trains
   * for at most {@link #QUICK_BASE_STEPS} steps), 16 held-out and 16 training instructions, 2
   * iterations with 2 samples and 1 vote each and a one-level tree.
   */
  /** The quick variant's cap on the base model's SFT steps. */
  public static final int QUICK_BASE_STEPS = 60;

  public static MiniatureBenchSettings quick() {
    return new MiniatureBenchSettings(
        200,
        16,
        16,
        2,
        new MiniatureEvaluator.Settings(1, 0.7, 64, 128, 128, 42),
        Map.of(
            "actor.samples", "2",
            "judge.votes", "1",
            "search.max_depth", "1",
            "search.node_budget", "2"));
  }
}
