package ai.spar.llm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.spar.llm.ScoringRequest;
import ai.spar.llm.SequenceScore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Log-probabilities of continuations: prompt + continuation sequences, sorted by length,
 * right-padded into batches within the runtime's limits, one full forward pass per batch,
 * log-softmax gathered at each continuation token; and the log-probabilities (with the most likely
 * alternatives) of every token of one sequence, for a server's {@code echo} answer.
 */
final class SequenceScorer {
  private final LlamaModel model;
  private final NDManager manager;
  private final RuntimeOptions options;

  SequenceScorer(LlamaModel model, NDManager manager, RuntimeOptions options) {
    this.model = model;
    this.manager = manager;
    this.options = options;
  }

  /**
   * @param tokens maps a request to {prompt ids, continuation ids}; may throw
   *     IllegalArgumentException for a request that cannot be tokenized
   */
  List<SequenceScore> score(
      List<ScoringRequest> requests, Function<ScoringRequest, int[][]> tokens) {
    SequenceScore[] results = new SequenceScore[requests.size()];
    int[][] prompts = new int[requests.size()][];
    int[][] continuations = new int[requests.size()][];
    List<Integer> servable = new ArrayList<>();
    int context = model.config().maxPositions();
    for (int i = 0; i < requests.size(); i++) {
      try {
        int[][] t = tokens.apply(requests.get(i));
        prompts[i] = t[0];
        continuations[i] = t[1];
      } catch (IllegalArgumentException e) {
        results[i] = SequenceScore.failed(e.getMessage());
        continue;
      }
      int length = prompts[i].length + continuations[i].length;
      if (prompts[i].length == 0) {
        results[i] = SequenceScore.failed("prompt is empty after templating and tokenization");
      } else if (length > context) {
        results[i] =
            SequenceScore.failed(
                "prompt and continuation of "
                    + length
                    + " tokens exceed the context length "
                    + context);
      } else if (continuations[i].length == 0) {
        results[i] = new SequenceScore(0, List.of(), prompts[i].length, Optional.empty());
      } else {
        servable.add(i);
      }
    }
    servable.sort(Comparator.comparingInt(i -> prompts[i].length + continuations[i].length));
    List<Integer> batch = new ArrayList<>();
    int width = 0;
    for (int i : servable) {
      int length = prompts[i].length + continuations[i].length;
      int newWidth = Math.max(width, length);
      boolean fits =
          batch.size() + 1 <= options.maxBatchRows()
              && (long) (batch.size() + 1) * newWidth <= options.maxBatchTokens();
      if (!batch.isEmpty() && !fits) {
        runBatch(batch, prompts, continuations, results);
        batch.clear();
        newWidth = length;
      }
      batch.add(i);
      width = newWidth;
    }
    if (!batch.isEmpty()) {
      runBatch(batch, prompts, continuations, results);
    }
    return Arrays.asList(results);
  }

  private void runBatch(
      List<Integer> batch, int[][] prompts, int[][] continuations, SequenceScore[] results) {
    int rows = batch.size();
    int width =
        batch.stream()
            .mapToInt(i -> prompts[i].length + continuations[i].length)
            .max()
            .orElseThrow();
    long[] ids = new long[rows * width];
    long[] mask = new long[rows * width];
    long[] targets = new long[rows * (width - 1)];
    for (int r = 0; r < rows; r++) {
      int i = batch.get(r);
      int[] sequence = concat(prompts[i], continuations[i]);
      for (int t = 0; t < sequence.length; t++) {
        ids[r * width + t] = sequence[t];
        mask[r * width + t] = 1;
        if (t > 0) {
          targets[r * (width - 1) + t - 1] = sequence[t];
        }
      }
    }
    try (NDManager step = manager.newSubManager()) {
      NDArray logits =
          model.forward(
              step.create(ids, new Shape(rows, width)), step.create(mask, new Shape(rows, width)));
      NDArray logProbs = logits.get(":, :-1, :").logSoftmax(-1); // [rows, width-1, vocab]
      NDArray index = step.create(targets, new Shape(rows, width - 1, 1)); // [rows, width-1, 1]
      float[] picked = logProbs.gather(index, -1).toFloatArray(); // [rows, width-1, 1]
      for (int r = 0; r < rows; r++) {
        int i = batch.get(r);
        List<Double> perToken = new ArrayList<>();
        double sum = 0;
        for (int c = 0; c < continuations[i].length; c++) {
          // the token at position p is predicted by the logits at position p - 1
          double lp = picked[r * (width - 1) + prompts[i].length + c - 1];
          perToken.add(lp);
          sum += lp;
        }
        results[i] = new SequenceScore(sum, perToken, prompts[i].length, Optional.empty());
      }
    }
  }

  /**
   * The log-probabilities of one sequence's own tokens: entry {@code p - 1} of each array is about
   * the token at position {@code p >= 1}, predicted by the logits at {@code p - 1}.
   *
   * @param picked log-probability of the actual token
   * @param topIds the {@code top} most likely ids at the position, most likely first
   * @param topLogProbs their log-probabilities
   */
  record Positions(double[] picked, int[][] topIds, double[][] topLogProbs) {}

  /** One full forward pass over {@code ids} (at least 2 of them, within the context). */
  Positions positions(int[] ids, int top) {
    int t = ids.length;
    long[] longs = Arrays.stream(ids).asLongStream().toArray();
    long[] targets = Arrays.stream(ids).skip(1).asLongStream().toArray();
    try (NDManager step = manager.newSubManager()) {
      NDArray logits =
          model.forward(
              step.create(longs, new Shape(1, t)),
              step.ones(new Shape(1, t), DataType.INT64)); // [1, t, vocab]
      NDArray logProbs = logits.get("0, :-1, :").logSoftmax(-1); // [t-1, vocab]
      float[] picked =
          logProbs.gather(step.create(targets, new Shape(t - 1, 1)), -1).toFloatArray(); // [t-1]
      double[] pickedOut = new double[t - 1];
      int[][] topIds = new int[t - 1][];
      double[][] topValues = new double[t - 1][];
      int k = (int) Math.min(top, logProbs.getShape().get(1));
      float[] values = new float[0];
      long[] indices = new long[0];
      if (k > 0) {
        NDList best = logProbs.topK(k, -1, true, true); // values, indices: [t-1, k]
        values = best.get(0).toFloatArray();
        indices = best.get(1).toType(DataType.INT64, false).toLongArray();
      }
      for (int p = 0; p < t - 1; p++) {
        pickedOut[p] = picked[p];
        topIds[p] = new int[k];
        topValues[p] = new double[k];
        for (int j = 0; j < k; j++) {
          topIds[p][j] = Math.toIntExact(indices[p * k + j]);
          topValues[p][j] = values[p * k + j];
        }
      }
      return new Positions(pickedOut, topIds, topValues);
    }
  }

  private static int[] concat(int[] a, int[] b) {
    int[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
