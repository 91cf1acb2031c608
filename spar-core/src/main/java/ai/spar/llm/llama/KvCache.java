package ai.spar.llm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Preallocated key/value tensors of every layer, {@code [rows, kvHeads, capacity, headDim]},
 * written in place slot by slot. All rows share slot indices (prompts are left-padded to a common
 * length), so a decode step writes one slot for the whole batch. Rows can be selected (to share a
 * prefill among samples, or to drop finished rows).
 *
 * <p>Owns its tensors; not thread-safe.
 */
final class KvCache implements AutoCloseable {
  private final NDManager manager;
  private final NDArray[] keys;
  private final NDArray[] values;
  private final int capacity;

  private KvCache(NDManager manager, NDArray[] keys, NDArray[] values, int capacity) {
    this.manager = manager;
    this.keys = keys;
    this.values = values;
    this.capacity = capacity;
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
   * Writes {@code k, v} [rows, kvHeads, t, headDim] into slots {@code [start, start + t)} in place.
   */
  void write(int layer, NDArray k, NDArray v, int start) {
    long t = k.getShape().get(2);
    if (start + t > capacity) {
      throw new IllegalStateException(
          "KV cache capacity " + capacity + " exceeded: writing slots up to " + (start + t));
    }
    NDIndex slots = new NDIndex(":, :, {}:{}", start, start + t);
    keys[layer].set(slots, k);
    values[layer].set(slots, v);
  }

  /**
   * Views of the first {@code length} slots, attached to {@code step}: [rows, kvHeads, length,
   * headDim]
   */
  NDArray keys(int layer, int length, NDManager step) {
    return keys[layer].get(step, new NDIndex(":, :, :{}", length));
  }

  NDArray values(int layer, int length, NDManager step) {
    return values[layer].get(step, new NDIndex(":, :, :{}", length));
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

  /**
   * Appends the rows of {@code other} (whose capacity may be smaller), placing its slot {@code 0}
   * at slot {@code offset} of this cache; the slots around it are zero. {@code other} stays open.
   */
  void appendRows(KvCache other, int offset) {
    if (offset < 0 || offset + other.capacity > capacity) {
      throw new IllegalStateException(
          "cannot place "
              + other.capacity
              + " slots at slot "
              + offset
              + " of a cache of "
              + capacity
              + " slots");
    }
    for (int i = 0; i < keys.length; i++) {
      keys[i] = appended(keys[i], other.keys[i], offset);
      values[i] = appended(values[i], other.values[i], offset);
    }
  }

  private NDArray appended(NDArray mine, NDArray theirs, int offset) {
    Shape shape = theirs.getShape(); // [added, kvHeads, otherCapacity, headDim]
    NDList parts = new NDList();
    if (offset > 0) {
      parts.add(
          manager.zeros(
              new Shape(shape.get(0), shape.get(1), offset, shape.get(3)), mine.getDataType()));
    }
    parts.add(theirs);
    long right = capacity - offset - shape.get(2);
    if (right > 0) {
      parts.add(
          manager.zeros(
              new Shape(shape.get(0), shape.get(1), right, shape.get(3)), mine.getDataType()));
    }
    try (NDArray placed = parts.size() == 1 ? null : NDArrays.concat(parts, 2)) {
      NDArray rows = placed == null ? theirs : placed; // [added, kvHeads, capacity, headDim]
      NDArray out = mine.concat(rows, 0); // [rows + added, kvHeads, capacity, headDim]
      mine.close();
      for (int p = 0; p < parts.size(); p++) {
        if (parts.get(p) != theirs) {
          parts.get(p).close();
        }
      }
      return out;
    }
  }

  @Override
  public void close() {
    manager.close();
  }
}
