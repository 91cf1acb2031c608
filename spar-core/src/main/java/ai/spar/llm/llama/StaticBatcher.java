package ai.spar.llm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * The generation loop of one micro-batch. Prompts are left-padded to a common length so every row
 * writes the same cache slot at each step; each row has its own RoPE positions and a mask that
 * hides its padding, so a row's result does not depend on its neighbours. Each prompt is prefilled
 * once and its cache rows are repeated for its {@code n} samples; rows that finish are dropped from
 * the cache (the batch is compacted) so they cost nothing further.
 *
 * <p>With the cache disabled every step recomputes the whole sequence (the baseline the benchmark
 * compares against). Not thread-safe.
 */
public final class StaticBatcher {
  private static final long PAD_ID = 0;

  private final LlamaModel model;
  private final NDManager manager;
  private final boolean useCache;
  private DecodeStats stats = DecodeStats.ZERO;

  public StaticBatcher(LlamaModel model, NDManager manager, boolean useCache) {
    this.model = model;
    this.manager = manager;
    this.useCache = useCache;
  }

  /** Accumulated statistics of every batch decoded so far. */
  public DecodeStats stats() {
    return stats;
  }

  /**
   * Decodes a batch; result {@code i} holds the {@code n} samples of request {@code i}, in sample
   * order.
   */
  public List<List<DecodedSample>> decode(List<DecodeRequest> requests) {
    int prompts = requests.size();
    int width = requests.stream().mapToInt(r -> r.prompt().length).max().orElseThrow();
    int maxNew = requests.stream().mapToInt(DecodeRequest::maxNewTokens).max().orElseThrow();
    int[] padOfPrompt = padding(requests, width);
    List<SampleRow> rows = new ArrayList<>();
    List<Integer> promptOfRow = new ArrayList<>();
    sampleRows(requests, padOfPrompt, rows, promptOfRow);
    try (KvCache cache =
        useCache
            ? KvCache.allocate(manager, model.config(), prompts, width + maxNew, model.dtype())
            : null) {
      long start = System.nanoTime();
      float[][] promptLogits = prefill(model, manager, requests, padOfPrompt, width, cache);
      stats = stats.plus(DecodeStats.prefill((long) prompts * width, System.nanoTime() - start));
      if (cache != null) {
        cache.selectRows(promptOfRow.stream().mapToLong(Integer::longValue).toArray());
      }
      float[][] logits = new float[rows.size()][];
      for (int r = 0; r < rows.size(); r++) {
        logits[r] = promptLogits[promptOfRow.get(r)];
      }
      List<SampleRow> active = rows;
      for (int step = 0; ; step++) {
        long stepStart = System.nanoTime();
        List<SampleRow> survivors = new ArrayList<>();
        long[] keep = new long[active.size()];
        for (int a = 0; a < active.size(); a++) {
          SampleRow row = active.get(a);
          if (!row.accept(logits[a])) {
            keep[survivors.size()] = a;
            survivors.add(row);
          }
        }
        if (survivors.isEmpty()) {
          stats =
              stats.plus(
                  DecodeStats.decode(active.size(), false, 0, 0, System.nanoTime() - stepStart));
          break;
        }
        if (cache != null && survivors.size() < active.size()) {
          cache.selectRows(java.util.Arrays.copyOf(keep, survivors.size()));
        }
        int generatedThisStep = active.size();
        active = survivors;
        logits = step(active, width + step, cache);
        stats =
            stats.plus(
                DecodeStats.decode(
                    generatedThisStep,
                    true,
                    active.size(),
                    rows.size(),
                    System.nanoTime() - stepStart));
      }
    }
    List<List<DecodedSample>> results = new ArrayList<>();
    for (int p = 0; p < prompts; p++) {
      results.add(new ArrayList<>());
    }
    for (int r = 0; r < rows.size(); r++) {
      results.get(promptOfRow.get(r)).add(rows.get(r).result());
    }
    return results;
  }

  /** The left padding of each prompt of a batch padded to {@code width}. */
  static int[] padding(List<DecodeRequest> requests, int width) {
    int[] pad = new int[requests.size()];
    for (int p = 0; p < pad.length; p++) {
      pad[p] = width - requests.get(p).prompt().length;
    }
    return pad;
  }

  /**
   * Adds one row per sample of each request, in request order, to {@code rows}, and the request
   * index of each row to {@code promptOfRow}.
   */
  static void sampleRows(
      List<DecodeRequest> requests, int[] pad, List<SampleRow> rows, List<Integer> promptOfRow) {
    for (int p = 0; p < requests.size(); p++) {
      DecodeRequest r = requests.get(p);
      for (int i = 0; i < r.n(); i++) {
        rows.add(new SampleRow(r, r.firstSample() + i, pad[p]));
        promptOfRow.add(p);
      }
    }
  }

  /**
   * Runs left-padded prompts through the model (writing {@code cache}, or none); returns the last
   * position's logits of each prompt.
   */
  static float[][] prefill(
      LlamaModel model,
      NDManager manager,
      List<DecodeRequest> requests,
      int[] pad,
      int width,
      KvCache cache) {
    int prompts = requests.size();
    long[] ids = new long[prompts * width];
    long[] positions = new long[prompts * width];
    for (int p = 0; p < prompts; p++) {
      int[] prompt = requests.get(p).prompt();
      for (int j = 0; j < width; j++) {
        ids[p * width + j] = j < pad[p] ? PAD_ID : prompt[j - pad[p]];
        positions[p * width + j] = Math.max(0, j - pad[p]);
      }
    }
    float[] mask = causalMask(pad, width, 0, width);
    try (NDManager step = manager.newSubManager()) {
      NDArray hidden =
          model.hidden(
              step.create(ids, new Shape(prompts, width)),
              step.create(positions, new Shape(prompts, width)),
              step.create(mask, new Shape(prompts, 1, 1, width, width)),
              cache,
              0); // [prompts, width, hidden]
      return rowsOf(model.logits(hidden.get(":, -1:, :")), prompts); // [prompts, 1, vocab]
    }
  }

  /** One decode step: the last sampled token of each active row sits at {@code slot}. */
  private float[][] step(List<SampleRow> active, int slot, KvCache cache) {
    int n = active.size();
    try (NDManager step = manager.newSubManager()) {
      int[] pad = active.stream().mapToInt(r -> r.pad).toArray();
      if (cache != null) {
        long[] ids = new long[n];
        long[] positions = new long[n];
        for (int a = 0; a < n; a++) {
          ids[a] = active.get(a).last();
          positions[a] = slot - pad[a];
        }
        float[] mask = causalMask(pad, 1, slot, slot + 1);
        NDArray hidden =
            model.hidden(
                step.create(ids, new Shape(n, 1)),
                step.create(positions, new Shape(n, 1)),
                step.create(mask, new Shape(n, 1, 1, 1, slot + 1)),
                cache,
                slot); // [n, 1, hidden]
        return rowsOf(model.logits(hidden), n);
      }
      int length = slot + 1;
      long[] ids = new long[n * length];
      long[] positions = new long[n * length];
      for (int a = 0; a < n; a++) {
        SampleRow row = active.get(a);
        for (int j = 0; j < length; j++) {
          ids[a * length + j] = row.tokenAt(j, PAD_ID);
          positions[a * length + j] = Math.max(0, j - pad[a]);
        }
      }
      float[] mask = causalMask(pad, length, 0, length);
      NDArray hidden =
          model.hidden(
              step.create(ids, new Shape(n, length)),
              step.create(positions, new Shape(n, length)),
              step.create(mask, new Shape(n, 1, 1, length, length)),
              null,
              0); // [n, length, hidden]
      return rowsOf(model.logits(hidden.get(":, -1:, :")), n);
    }
  }

  /**
   * Additive mask [rows, 1, 1, queries, keys] for queries at slots {@code [firstQuery, firstQuery +
   * queries)}: a query sees keys at or before its slot that are not padding; a padding query sees
   * only itself (so no row is all -inf).
   */
  static float[] causalMask(int[] pad, int queries, int firstQuery, int keys) {
    float[] mask = new float[pad.length * queries * keys];
    for (int r = 0; r < pad.length; r++) {
      for (int q = 0; q < queries; q++) {
        int slot = firstQuery + q;
        int base = (r * queries + q) * keys;
        for (int k = 0; k < keys; k++) {
          boolean allowed = k <= slot && (k >= pad[r] || k == slot);
          mask[base + k] = allowed ? 0f : LlamaModel.MASKED;
        }
      }
    }
    return mask;
  }

  static float[][] rowsOf(NDArray logits, int rows) {
    float[] flat = logits.toFloatArray(); // [rows, 1, vocab]
    int vocab = flat.length / rows;
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = java.util.Arrays.copyOfRange(flat, r * vocab, (r + 1) * vocab);
    }
    return out;
  }
}
