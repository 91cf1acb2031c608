package ai.spar.trainer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.spar.trainer.tokens.TokenizedSequence;
import java.util.List;

/**
 * Right-padded engine tensors of a list of sequences (padding to the longest in the list).
 *
 * @param ids [n, t] int64 (padding holds id 0)
 * @param attentionMask [n, t] int64: 1 for real tokens
 * @param targetMask [n, t] float32: 1 for target tokens
 * @param targetCounts [n] float32: target tokens per row
 * @param tokens real tokens in the batch
 */
record PaddedBatch(
    NDArray ids, NDArray attentionMask, NDArray targetMask, NDArray targetCounts, long tokens) {

  static PaddedBatch of(List<TokenizedSequence> sequences, NDManager manager) {
    int n = sequences.size();
    int t = sequences.stream().mapToInt(TokenizedSequence::length).max().orElse(0);
    long[] ids = new long[n * t];
    long[] attention = new long[n * t];
    float[] targets = new float[n * t];
    float[] counts = new float[n];
    long tokens = 0;
    for (int row = 0; row < n; row++) {
      TokenizedSequence s = sequences.get(row);
      for (int p = 0; p < s.length(); p++) {
        ids[row * t + p] = s.ids()[p];
        attention[row * t + p] = 1;
        targets[row * t + p] = s.targets()[p] ? 1f : 0f;
      }
      counts[row] = s.targetCount();
      tokens += s.length();
    }
    Shape shape = new Shape(n, t);
    return new PaddedBatch(
        manager.create(ids, shape), // [n, t]
        manager.create(attention, shape), // [n, t]
        manager.create(targets, shape), // [n, t]
        manager.create(counts), // [n]
        tokens);
  }
}
