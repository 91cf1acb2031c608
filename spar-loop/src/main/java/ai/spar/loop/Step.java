package ai.spar.loop;

import java.util.Locale;

/** The steps of one SPaR iteration, in the order they run. */
public enum Step {
  /** The Spark job with (M_t, R_t): outcomes, samples, trees, actor pairs, refiner data. */
  GENERATE,
  /** DPO of M_t on the iteration's preference pairs: M_{t+1}. */
  TRAIN_ACTOR,
  /** SFT of R_t on the iteration's refiner examples: R_{t+1}. */
  TRAIN_REFINER,
  /** IFEval-style evaluation of M_{t+1} on the test set and the gate's dev set. */
  EVALUATE,
  /** The promotion gate: M_{t+1} is promoted unless its dev average dropped. */
  GATE;

  /** The step's name in {@code iterations.json} and the logs: {@code train_actor}. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }
}
