package ai.spar.trainer;

import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.spar.llm.llama.LlamaModel;
import java.util.Map;

/** One objective's work on a micro-batch, for the {@link Trainer} loop. */
interface BatchObjective {
  /** Training items (pairs or examples). */
  int size();

  /** The padded width each item needs (for length grouping). */
  int[] lengths();

  /** The weight of an item in the step's mean (1 for a pair; target tokens for an SFT example). */
  double weight(int item);

  /**
   * Forward pass (and backward pass when {@code collector} is not null) on a micro-batch.
   *
   * @param items item indices
   * @param weightTotal the summed {@link #weight} of the whole optimizer step, so that the step's
   *     gradient is the exact weighted mean over its items
   * @param step the manager of this micro-batch's tensors
   */
  MicroBatch run(
      LlamaModel model,
      int[] items,
      double weightTotal,
      NDManager step,
      GradientCollector collector);

  /**
   * A micro-batch's outcome.
   *
   * @param loss this micro-batch's share of the step loss
   * @param tokens real (unpadded) tokens forwarded through the policy
   * @param metrics summed-by-weight metrics (divided by the step's weight total by the trainer)
   */
  record MicroBatch(double loss, long tokens, Map<String, Double> metrics) {}
}
