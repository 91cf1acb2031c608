package ai.spar.trainer.objective;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Summed log-probabilities of the target tokens of a batch of sequences: {@code sum_p mask[p] * log
 * softmax(logits[p - 1])[ids[p]]}. Prompt and padding positions have mask 0 and contribute nothing,
 * whatever their ids.
 */
public final class TokenLogProbs {
  private TokenLogProbs() {}

  /**
   * @param logits [n, t, vocab] float32
   * @param ids [n, t] int64
   * @param targetMask [n, t] float32, 1 where token p is a target (position 0 is never one)
   * @return [n] float32: each row's summed target log-probability (differentiable in the logits)
   */
  public static NDArray sum(NDArray logits, NDArray ids, NDArray targetMask) {
    NDArray predicting = logits.get(new NDIndex(":, :-1, :")); // [n, t-1, vocab]
    NDArray logProbs = predicting.logSoftmax(-1); // [n, t-1, vocab]
    NDArray next =
        ids.get(new NDIndex(":, 1:")).toType(DataType.INT64, false).expandDims(-1); // [n, t-1, 1]
    NDArray picked = logProbs.gather(next, -1).squeeze(-1); // [n, t-1]
    NDArray weights = targetMask.get(new NDIndex(":, 1:")); // [n, t-1]
    return picked.mul(weights).sum(new int[] {1}); // [n]
  }
}
