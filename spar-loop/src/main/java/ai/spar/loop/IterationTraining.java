package ai.spar.loop;

import ai.spar.trainer.OutputPolicy;
import ai.spar.trainer.TrainConfig;
import ai.spar.trainer.TrainingRun;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Optional;

/**
 * The two training steps of an iteration, shared by {@link IterationLoop} and the benchmarks that
 * run iterations of their own: DPO of M_t on the iteration's pairs gives M_{t+1}, SFT of R_t on its
 * refiner examples gives R_{t+1}; without data a step keeps its starting checkpoint.
 */
public final class IterationTraining {
  private IterationTraining() {}

  /**
   * M_{t+1}: DPO of the model at {@code actor} on {@code pairs} into {@code output} (the model
   * under {@code output/final}), or {@code actor} itself when there are no pairs.
   */
  public static Trained trainActor(
      String actor, PreferencePairs pairs, Path output, TrainConfig dpo, OutputPolicy policy) {
    if (pairs.count() == 0) {
      return Trained.skipped(actor, "no actor pairs: M_{t+1} = M_t");
    }
    return Trained.of(
        TrainingRun.dpo(
            Paths.get(actor),
            Optional.empty(),
            pairs.tables(),
            output,
            dpo,
            Integer.MAX_VALUE,
            policy),
        "actor");
  }

  /**
   * R_{t+1}: SFT of {@code refiner} on the {@code examples} rows of {@code table} into {@code
   * output}, or {@code refiner} itself when there are none.
   */
  public static Trained trainRefiner(
      String refiner,
      String table,
      long examples,
      Path output,
      TrainConfig sft,
      OutputPolicy policy) {
    if (examples == 0) {
      return Trained.skipped(refiner, "no refiner examples: R_{t+1} = R_t");
    }
    return Trained.of(
        TrainingRun.sft(Paths.get(refiner), List.of(table), output, sft, Integer.MAX_VALUE, policy),
        "refiner");
  }
}
