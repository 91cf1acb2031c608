package ai.spar.llm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.common.base.Preconditions;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * Continuous batching: keeps up to {@code targetRows} samples decoding and admits waiting requests
 * (with their prefill) as soon as rows finish, instead of letting a batch shrink.
 *
 * <p>The cache has a fixed {@code targetRows} rows and one timeline of {@code capacity} slots, as
 * in {@link StaticBatcher}: a decode step writes one slot for every decoding row, and the decoding
 * rows are always the cache's first rows (a step runs over them only). A newcomer group is
 * prefilled together (left-padded to the group's longest prompt, exactly like a static batch) and
 * its keys and values are written straight into free rows, placed so its prompts end at the current
 * slot; a finished row is freed by moving the last decoding row into it (that row's used slots
 * only). The timeline is moved (padding dropped on the left, or added when a newcomer's prompt is
 * longer than the slots behind the current one) only when a newcomer would not fit otherwise. Each
 * row has its own RoPE positions and padding mask (a reused row's older slots are masked) and
 * samples from a generator seeded by its request's seed and sample index alone, so its tokens are
 * those of the static path whatever rows it shares a batch with.
 *
 * <p>Memory: the cache holds at most {@code targetRows x capacity} slots. Requests are admitted in
 * submission order, once an eighth of the rows are free (or everything waiting fits); a request
 * with more samples than free rows is admitted in pieces (its samples keep their indices). Driven
 * by one thread: {@link #submit} then {@link #step} until {@link #hasWork} is false. Listeners run
 * on that thread.
 */
public final class ContinuousBatcher {
  /** Receives the progress of one submitted request's samples. */
  interface Listener {
    /** A sample produced a token (called before {@link #onFinish} for its last token). */
    default void onToken(int sample, int tokenId) {}

    /** A sample ended. */
    void onFinish(int sample, DecodedSample result);

    /** True when the caller no longer wants the remaining samples (they are then dropped). */
    default boolean cancelled() {
      return false;
    }

    /** A sample was dropped unfinished (cancelled or abandoned): no {@link #onFinish} follows. */
    default void onDropped(int sample) {}
  }

  private record Waiting(DecodeRequest request, Listener listener, int[] nextSample) {}

  private record Active(SampleRow row, Listener listener) {}

  private final LlamaModel model;
  private final NDManager manager;
  private final int targetRows;
  private final int capacity;
  private final Deque<Waiting> waiting = new ArrayDeque<>();
  private final List<Active> active = new ArrayList<>();
  private KvCache cache; // targetRows rows, active sample a in row a; null when none is active
  private int slot; // where each active row's last sampled token is written by the next step
  private DecodeStats stats = DecodeStats.ZERO;

  /**
   * @param targetRows most samples decoding at once, {@code >= 1}
   * @param capacity cache slots per row, {@code >= 2}; every request needs {@code prompt +
   *     maxNewTokens - 1} of them
   */
  public ContinuousBatcher(LlamaModel model, NDManager manager, int targetRows, int capacity) {
    Preconditions.checkArgument(
        targetRows >= 1, "targetRows must be >= 1, but was: %s", targetRows);
    Preconditions.checkArgument(capacity >= 2, "capacity must be >= 2, but was: %s", capacity);
    this.model = model;
    this.manager = manager;
    this.targetRows = targetRows;
    this.capacity = capacity;
  }

  /**
   * The order {@code generate(List)} admits requests in: the largest token budget first, so the
   * batch's tail holds short requests rather than one long request decoding alone (then shorter
   * prompts first, which keeps prefill padding low). The order changes no request's tokens.
   */
  public static final Comparator<DecodeRequest> LONGEST_BUDGET_FIRST =
      Comparator.comparingInt(DecodeRequest::maxNewTokens)
          .reversed()
          .thenComparingInt(r -> r.prompt().length);

  /** Slots a request needs in the timeline: its prompt and every generated token but the last. */
  public static int slotsNeeded(DecodeRequest request) {
    return request.prompt().length + request.maxNewTokens() - 1;
  }

  int capacity() {
    return capacity;
  }

  int targetRows() {
    return targetRows;
  }

  /** Queues a request; its samples are admitted by later {@link #step}s. */
  void submit(DecodeRequest request, Listener listener) {
    Preconditions.checkArgument(
        slotsNeeded(request) <= capacity,
        "request needs %s cache slots (prompt %s + maxNewTokens %s - 1), but capacity is %s",
        slotsNeeded(request),
        request.prompt().length,
        request.maxNewTokens(),
        capacity);
    waiting.add(new Waiting(request, listener, new int[] {request.firstSample()}));
  }

  boolean hasWork() {
    return !waiting.isEmpty() || !active.isEmpty();
  }

  int activeRows() {
    return active.size();
  }

  /** Accumulated statistics. */
  public DecodeStats stats() {
    return stats;
  }

  /**
   * One round: drops cancelled rows, admits what fits (prefill and first token), then runs one
   * decode step over the active rows and samples their next tokens.
   */
  void step() {
    dropCancelled();
    admit();
    if (active.isEmpty()) {
      return;
    }
    long start = System.nanoTime();
    int n = active.size();
    long[] ids = new long[n];
    long[] positions = new long[n];
    int[] pad = new int[n];
    for (int a = 0; a < n; a++) {
      SampleRow row = active.get(a).row();
      ids[a] = row.last();
      pad[a] = row.pad;
      positions[a] = slot - row.pad;
    }
    float[][] logits;
    cache.liveRows(n);
    try (NDManager step = manager.newSubManager()) {
      float[] mask = StaticBatcher.causalMask(pad, 1, slot, slot + 1);
      NDArray hidden =
          model.hidden(
              step.create(ids, new Shape(n, 1)),
              step.create(positions, new Shape(n, 1)),
              step.create(mask, new Shape(n, 1, 1, 1, slot + 1)),
              cache,
              slot); // [n, 1, hidden]
      logits = StaticBatcher.rowsOf(model.logits(hidden), n); // [n, 1, vocab]
    }
    slot++;
    boolean[] finished = new boolean[n];
    for (int a = 0; a < n; a++) {
      finished[a] = accept(active.get(a), logits[a]);
    }
    release(finished);
    stats = stats.plus(DecodeStats.decode(n, true, n, targetRows, System.nanoTime() - start));
  }

  /** Decodes a list of requests to the end; result {@code i} holds request {@code i}'s samples. */
  public List<List<DecodedSample>> decode(List<DecodeRequest> requests) {
    List<List<DecodedSample>> results = new ArrayList<>();
    for (DecodeRequest request : requests) {
      DecodedSample[] samples = new DecodedSample[request.n()];
      results.add(Arrays.asList(samples));
      submit(request, (sample, result) -> samples[sample - request.firstSample()] = result);
    }
    while (hasWork()) {
      step();
    }
    return results;
  }

  private boolean accept(Active a, float[] logits) {
    boolean finished = a.row().accept(logits);
    a.listener().onToken(a.row().sample, a.row().last());
    if (finished) {
      a.listener().onFinish(a.row().sample, a.row().result());
    }
    return finished;
  }

  /**
   * Frees the rows marked {@code gone}: the decoding rows stay first in the cache, each hole below
   * the new row count filled by moving one of the last rows into it (one row's used slots, not the
   * cache).
   */
  private void release(boolean[] gone) {
    int n = active.size();
    int kept = 0;
    for (boolean g : gone) {
      kept += g ? 0 : 1;
    }
    if (kept == n) {
      return;
    }
    if (kept == 0) {
      active.clear();
      cache.close();
      cache = null;
      return;
    }
    int mover = n - 1;
    for (int hole = 0; hole < kept; hole++) {
      if (!gone[hole]) {
        continue;
      }
      while (gone[mover]) {
        mover--;
      }
      Active moved = active.get(mover);
      cache.copyRow(mover, hole, moved.row().pad, slot);
      active.set(hole, moved);
      mover--;
    }
    active.subList(kept, n).clear();
  }

  private void dropCancelled() {
    boolean[] gone = new boolean[active.size()];
    for (int a = 0; a < active.size(); a++) {
      Active row = active.get(a);
      if (row.listener().cancelled()) {
        row.listener().onDropped(row.row().sample);
        gone[a] = true;
      }
    }
    release(gone);
    waiting.removeIf(
        w -> {
          if (w.listener().cancelled()) {
            dropWaiting(w);
            return true;
          }
          return false;
        });
  }

  private static void dropWaiting(Waiting w) {
    int end = w.request().firstSample() + w.request().n();
    for (int sample = w.nextSample()[0]; sample < end; sample++) {
      w.listener().onDropped(sample);
    }
  }

  /**
   * Drops every active and waiting sample (after a failed step, whose cache state is unknown);
   * listeners hear {@link Listener#onDropped} for each. The batcher can be used again.
   */
  void abandon() {
    for (Active a : active) {
      a.listener().onDropped(a.row().sample);
    }
    active.clear();
    if (cache != null) {
      cache.close();
      cache = null;
    }
    waiting.forEach(ContinuousBatcher::dropWaiting);
    waiting.clear();
  }

  /**
   * Admits waiting requests, in order, while rows are free and the timeline can hold them; the
   * newcomers' prompts end at the current slot (after moving the timeline if needed).
   */
  private void admit() {
    List<DecodeRequest> group = new ArrayList<>();
    List<Listener> listeners = new ArrayList<>();
    int free = targetRows - active.size();
    if (!active.isEmpty() && free < admissionRows() && free < waitingRows()) {
      return; // wait for a few more free rows: one prefill and one cache copy serve them all
    }
    int activeSpan = 0; // slots the active rows occupy behind the current one
    int activeRemaining = 0; // slots the active rows may still write from the current one
    for (Active a : active) {
      activeSpan = Math.max(activeSpan, slot - a.row().pad);
      activeRemaining = Math.max(activeRemaining, a.row().remaining());
    }
    int width = 0;
    int newRemaining = 0;
    int target = slot;
    while (free > 0 && !waiting.isEmpty()) {
      Waiting next = waiting.peek();
      int groupWidth = Math.max(width, next.request().prompt().length);
      int groupRemaining = Math.max(newRemaining, next.request().maxNewTokens() - 1);
      int newSlot = placement(groupWidth, groupRemaining, activeSpan, activeRemaining);
      if (newSlot < 0) {
        break;
      }
      int piece = Math.min(free, next.request().n() - (next.nextSample()[0] - firstOf(next)));
      DecodeRequest r = next.request();
      group.add(
          new DecodeRequest(
              r.prompt(),
              piece,
              next.nextSample()[0],
              r.maxNewTokens(),
              r.sampler(),
              r.seed(),
              r.eosTokenIds(),
              r.stop()));
      listeners.add(next.listener());
      next.nextSample()[0] += piece;
      if (next.nextSample()[0] - firstOf(next) == r.n()) {
        waiting.poll();
      }
      free -= piece;
      width = groupWidth;
      newRemaining = groupRemaining;
      target = newSlot;
    }
    if (!group.isEmpty()) {
      join(group, listeners, width, target);
    }
  }

  /**
   * Free rows worth a prefill while rows are decoding: an eighth of the batch, so each prefill
   * pass's fixed cost is shared, at the price of a few idle rows.
   */
  private int admissionRows() {
    return Math.max(1, targetRows / 8);
  }

  private int waitingRows() {
    int rows = 0;
    for (Waiting w : waiting) {
      rows += w.request().firstSample() + w.request().n() - w.nextSample()[0];
    }
    return rows;
  }

  private static int firstOf(Waiting w) {
    return w.request().firstSample();
  }

  /**
   * The slot the newcomers' prompts would end at: the current one if they fit there, else the
   * smallest one after dropping the active rows' leading padding; -1 if they do not fit at all.
   */
  private int placement(int width, int remaining, int activeSpan, int activeRemaining) {
    if (active.isEmpty()) {
      return width + remaining <= capacity ? width : -1;
    }
    if (width <= slot && slot + remaining <= capacity) {
      return slot;
    }
    int moved = Math.max(activeSpan, width);
    return moved + Math.max(remaining, activeRemaining) <= capacity ? moved : -1;
  }

  /**
   * Prefills a group, samples its first tokens and appends the unfinished rows at {@code target}.
   */
  private void join(List<DecodeRequest> group, List<Listener> listeners, int width, int target) {
    long start = System.nanoTime();
    int prompts = group.size();
    int[] pad = StaticBatcher.padding(group, width);
    List<SampleRow> sampleRows = new ArrayList<>();
    List<Integer> promptOfRow = new ArrayList<>();
    StaticBatcher.sampleRows(group, pad, sampleRows, promptOfRow);
    List<Active> rows = new ArrayList<>();
    for (int r = 0; r < sampleRows.size(); r++) {
      rows.add(new Active(sampleRows.get(r), listeners.get(promptOfRow.get(r))));
    }
    try (KvCache fresh = KvCache.allocate(manager, model.config(), prompts, width, model.dtype())) {
      float[][] promptLogits = StaticBatcher.prefill(model, manager, group, pad, width, fresh);
      stats = stats.plus(DecodeStats.prefill((long) prompts * width, System.nanoTime() - start));
      long sampleStart = System.nanoTime();
      List<Active> survivors = new ArrayList<>();
      List<Integer> keep = new ArrayList<>();
      for (int r = 0; r < rows.size(); r++) {
        if (!accept(rows.get(r), promptLogits[promptOfRow.get(r)])) {
          survivors.add(rows.get(r));
          keep.add(promptOfRow.get(r));
        }
      }
      stats =
          stats.plus(DecodeStats.decode(rows.size(), false, 0, 0, System.nanoTime() - sampleStart));
      if (survivors.isEmpty()) {
        return;
      }
      fresh.selectRows(keep.stream().mapToLong(Integer::longValue).toArray());
      if (cache == null) {
        cache = KvCache.allocate(manager, model.config(), targetRows, capacity, model.dtype());
        slot = target;
      } else if (target != slot) {
        cache.shift(target - slot);
        for (Active a : active) {
          a.row().pad += target - slot;
        }
        slot = target;
      }
      cache.placeRows(fresh, active.size(), slot - width); // straight into the free rows
      for (Active a : survivors) {
        a.row().pad += slot - width;
      }
      active.addAll(survivors);
    }
  }
}
