package ai.spar.llm.weights;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * One tensor's header entry in a safetensors file.
 *
 * @param name the tensor's name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtype element type
 * @param shape dimensions, outermost first
 * @param begin byte offset of the first element, relative to the end of the header
 * @param end byte offset one past the last element, relative to the end of the header
 */
public record TensorInfo(String name, TensorDType dtype, List<Long> shape, long begin, long end) {
  public TensorInfo {
    Preconditions.checkArgument(name != null && !name.isEmpty(), "name must not be empty");
    Preconditions.checkArgument(dtype != null, "dtype of tensor %s must not be null", name);
    shape = List.copyOf(shape);
    Preconditions.checkArgument(
        0 <= begin && begin <= end,
        "offsets of tensor %s must satisfy 0 <= begin <= end, but were: [%s, %s]",
        name,
        begin,
        end);
  }

  /** The shape as an array. */
  public long[] shapeArray() {
    return shape.stream().mapToLong(Long::longValue).toArray();
  }

  /** Number of elements. */
  public long elementCount() {
    return HostTensor.elementCount(shapeArray());
  }

  /** Number of data bytes the offsets span. */
  public long byteLength() {
    return end - begin;
  }
}
