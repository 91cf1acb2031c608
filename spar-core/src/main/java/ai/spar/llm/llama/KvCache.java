package ai.spar.llm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Preallocated key/value tensors of every layer, {@code [rows, kvHeads, capacity, headDim]},
 * written in place slot by slot. All rows share slot indices (prompts are left-padded to a common
 * length), so a decode step writes one slot for the whole batch. Rows can be selected (to share a
 * prefill among samples, or to drop finished rows), or, in a cache of fixed rows, filled in place
 * ({@link #placeRows}, {@link #copyRow}) while passes use only its first {@link #liveRows}.
 *
 * <p>Owns its tensors; not thread-safe.
 */
final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final int capacity;
  private int liveRows; // passes read and write rows [0, liveRows)

  private KvCache(NDManager manager, NDArray[] keys, NDArray[] values, int capacity) {
    this.manager = manager;
    this.keys = keys;
    this.values = values;
    this.capacity = capacity;
    this.liveRows = Math.toIntExact(keys[0].getShape().get(0));
  }

  static KvCache allocate(
      NDManager parent, LlamaConfig config, int rows, int capacity, DataType dtype) {
    NDManager manager = parent.newSubManager();
    int layers = config.numLayers();
    NDArray[] keys = new NDArray[layers];
    NDArray[] values = new NDArray[layers];
    Shape shape = new Shape(rows, config.numKvHeads(), capacity, config.headDim());
    for (int i = 0; i < layers; i++) {
      keys[i] = manager.zeros(shape, dtype); // [rows, kvHeads, capacity, headDim]
      values[i] = manager.zeros(shape, dtype); // [rows, kvHeads, capacity, headDim]
    }
    return new KvCache(manager, keys, values, capacity);
  }

  int capacity() {
    return capacity;
  }

  long rows() {
    return keys[0].getShape().get(0);
  }

  /**
   * Limits passes to rows {@code [0, rows)} (all rows after {@link #allocate} and {@link
   * #selectRows}): a fixed-row cache keeps its decoding rows first.
   */
  void liveRows(int rows) {
    if (rows < 0 || rows > rows()) {
      throw new IllegalArgumentException(
          "live rows must be in [0, " + rows() + "], but was: " + rows);
    }
    this.liveRows = rows;
  }

  /**
   * Writes {@code k, v} [rows, kvHeads, t, headDim] into slots {@code [start, start + t)} in place.
   */
  void write(int layer, NDArray k, NDArray v, int start) {
    long t = k.getShape().get(2);
    if (start + t > capacity) {
      throw new IllegalStateException(
          "KV cache capacity " + capacity + " exceeded: writing slots up to " + (start + t));
    }
    NDIndex slots = new NDIndex(":{}, :, {}:{}", liveRows, start, start + t);
    keys[layer].set(slots, k);
    values[layer].set(slots, v);
  }

  /**
   * Views of the first {@code length} slots of the live rows, attached to {@code step}: [rows,
   * kvHeads, length, headDim]
   */
  NDArray keys(int layer, int length, NDManager step) {
    return keys[layer].get(step, new NDIndex(":{}, :, :{}", liveRows, length));
  }

  NDArray values(int layer, int length, NDManager step) {
    return values[layer].get(step, new NDIndex(":{}, :, :{}", liveRows, length));
  }

  /**
   * Copies all rows of {@code other} into rows {@code [firstRow, firstRow + other.rows())} of this
   * cache, its slot {@code 0} at slot {@code offset}: only the copied slots are written (a row's
   * older slots keep stale values, which its mask hides). {@code other} stays open.
   */
  void placeRows(KvCache other, int firstRow, int offset) {
    long added = other.rows();
    if (firstRow < 0
        || firstRow + added > rows()
        || offset < 0
        || offset + other.capacity > capacity) {
      throw new IllegalStateException(
          "cannot place "
              + added
              + " rows of "
              + other.capacity
              + " slots at row "
              + firstRow
              + ", slot "
              + offset
              + " of a cache of "
              + rows()
              + " rows and "
              + capacity
              + " slots");
    }
    NDIndex target =
        new NDIndex("{}:{}, :, {}:{}", firstRow, firstRow + added, offset, offset + other.capacity);
    for (int i = 0; i < keys.length; i++) {
      keys[i].set(target, other.keys[i]); // [added, kvHeads, otherCapacity, headDim]
      values[i].set(target, other.values[i]);
    }
  }

  /**
   * Copies slots {@code [from, to)} of row {@code source} into the same slots of row {@code
   * target}.
   */
  void copyRow(int source, int target, int from, int to) {
    if (from >= to || source == target) {
      return;
    }
    NDIndex read = new NDIndex("{}:{}, :, {}:{}", source, source + 1, from, to);
    NDIndex write = new NDIndex("{}:{}, :, {}:{}", target, target + 1, from, to);
    for (int i = 0; i < keys.length; i++) {
      try (NDArray k = keys[i].get(read);
          NDArray v = values[i].get(read)) { // [1, kvHeads, to - from, headDim]
        keys[i].set(write, k);
        values[i].set(write, v);
      }
    }
  }

  /**
   * Keeps (or repeats) rows: row {@code i} of the result is row {@code rowIndex[i]} of this cache.
   */
  void selectRows(long[] rowIndex) {
    try (NDArray index = manager.create(rowIndex)) {
      for (int i = 0; i < keys.length; i++) {
        NDArray k = keys[i].get(index); // [selected, kvHeads, capacity, headDim]
        NDArray v = values[i].get(index); // [selected, kvHeads, capacity, headDim]
        keys[i].close();
        values[i].close();
        keys[i] = k;
        values[i] = v;
      }
    }
    liveRows = rowIndex.length;
  }

  /**
   * Moves every row's contents by {@code delta} slots (negative: towards slot 0). Slots moved past
   * either end are dropped and vacated slots are zero: callers move only padding out.
   */
  void shift(int delta) {
    if (delta == 0) {
      return;
    }
    for (int i = 0; i < keys.length; i++) {
      keys[i] = shifted(keys[i], delta);
      values[i] = shifted(values[i], delta);
    }
  }

  private NDArray shifted(NDArray x, int delta) {
    Shape shape = x.getShape(); // [rows, kvHeads, capacity, headDim]
    try (NDArray zeros =
            manager.zeros(
                new Shape(shape.get(0), shape.get(1), Math.abs(delta), shape.get(3)),
                x.getDataType());
        NDArray kept =
            delta < 0
                ? x.get(":, :, {}:", -delta)
                : x.get(":, :, :{}", capacity - delta)) { // [rows, kvHeads, capacity-|d|, headDim]
      NDArray out = delta < 0 ? kept.concat(zeros, 2) : zeros.concat(kept, 2);
      x.close();
      return out; // [rows, kvHeads, capacity, headDim]
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
