package ai.spar.llm.weights;

import com.google.common.base.Preconditions;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A float32 tensor in host memory (a direct buffer or a memory-mapped region of a checkpoint),
 * little-endian, row-major. It is the hand-over format between files and engines: loaders create
 * engine tensors from {@link #data()} and then {@link #release()} the host copy so weights are
 * never held twice.
 *
 * <p>Not thread-safe. The buffer must not be used after {@link #release()}.
 */
public final class HostTensor {
  private final long[] shape;
  private final ByteBuffer data;
  private final boolean releasable;

  private HostTensor(long[] shape, ByteBuffer data, boolean releasable) {
    long elements = elementCount(shape);
    Preconditions.checkArgument(
        data.remaining() == elements * Float.BYTES,
        "data of a tensor of shape %s must hold %s bytes, but holds: %s",
        Arrays.toString(shape),
        elements * Float.BYTES,
        data.remaining());
    this.shape = shape.clone();
    this.data = data.order(ByteOrder.LITTLE_ENDIAN);
    this.releasable = releasable;
  }

  /**
   * Wraps a little-endian float32 buffer that this tensor owns (a direct or mapped buffer may be
   * released).
   */
  static HostTensor owning(long[] shape, ByteBuffer data) {
    return new HostTensor(shape, data, data.isDirect());
  }

  /** Copies values into a new tensor. */
  public static HostTensor of(long[] shape, float[] values) {
    ByteBuffer buffer =
        ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    buffer.asFloatBuffer().put(values);
    return new HostTensor(shape, buffer, false);
  }

  /** The shape, outermost dimension first (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  /** Number of elements. */
  public long size() {
    return elementCount(shape);
  }

  /** The float32 little-endian values: a read-only view positioned at the first byte. */
  public ByteBuffer data() {
    return data.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The values copied to a Java array. */
  public float[] toFloatArray() {
    float[] values = new float[Math.toIntExact(size())];
    data().asFloatBuffer().get(values);
    return values;
  }

  /**
   * Unmaps or frees the underlying native buffer now instead of at garbage collection. Heap buffers
   * are left to the collector. Idempotence is the caller's duty: call once, then drop the tensor.
   */
  public void release() {
    if (releasable) {
      BufferRelease.release(data);
    }
  }

  static long elementCount(long[] shape) {
    long n = 1;
    for (long d : shape) {
      Preconditions.checkArgument(
          d >= 0, "tensor dimensions must be >= 0, but were: %s", Arrays.toString(shape));
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  /** Frees direct and mapped buffers through the JDK's cleaner (sun.misc.Unsafe#invokeCleaner). */
  private static final class BufferRelease {
    private static final Object UNSAFE;
    private static final java.lang.reflect.Method INVOKE_CLEANER;

    static {
      Object unsafe = null;
      java.lang.reflect.Method method = null;
      try {
        Class<?> type = Class.forName("sun.misc.Unsafe");
        Field field = type.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        unsafe = field.get(null);
        method = type.getMethod("invokeCleaner", ByteBuffer.class);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // without it, buffers are released by the garbage collector
      }
      UNSAFE = unsafe;
      INVOKE_CLEANER = method;
    }

    static void release(ByteBuffer buffer) {
      if (INVOKE_CLEANER == null) {
        return;
      }
      try {
        INVOKE_CLEANER.invoke(UNSAFE, buffer);
      } catch (ReflectiveOperationException | RuntimeException e) {
        // a view or an already released buffer: leave it to the garbage collector
      }
    }
  }
}
