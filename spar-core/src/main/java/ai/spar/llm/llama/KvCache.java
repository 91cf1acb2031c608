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

  @Override
  public void close() {
    manager.close();
  }
}
