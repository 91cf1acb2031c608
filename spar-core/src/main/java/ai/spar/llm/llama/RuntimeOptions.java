package ai.spar.llm.llama;

import ai.spar.llm.weights.TensorDType;
import com.google.common.base.Preconditions;
import java.util.Optional;

/**
 * How a model is run.
 *
 * @param device {@code cpu}, {@code gpu:N} (or {@code gpu} for gpu:0), or {@code auto} (a GPU when
 *     DJL sees one)
 * @param dtype compute type; empty means float32 on CPU and float16 on GPU. BF16 is not supported
 *     as a compute type (DJL 0.35.1 aborts on bfloat16 tensors); BF16 weights are widened when
 *     loaded.
 * @param maxBatchRows most sequences (samples) decoded together
 * @param maxBatchTokens most cache slots in one micro-batch: rows times (padded prompt + max new
 *     tokens)
 * @param threads PyTorch intra-op threads; 0 means one per available processor. Takes effect only
 *     if set before the engine first loads.
 * @param kvCache whether decode steps use the KV cache (false recomputes the whole sequence each
 *     step: a baseline)
 * @param batching how {@code generate} schedules rows: {@link Batching#CONTINUOUS} (the default) or
 *     {@link Batching#STATIC} (the baseline); both give the same tokens for the same seeds. The
 *     full-recompute baseline ({@code kvCache} false) always batches statically.
 */
public record RuntimeOptions(
    String device,
    Optional<TensorDType> dtype,
    int maxBatchRows,
    int maxBatchTokens,
    int threads,
    boolean kvCache,
    Batching batching) {
  public static final String DEFAULT_DEVICE = "auto";
  public static final int DEFAULT_MAX_BATCH_ROWS = 64;
  public static final int DEFAULT_MAX_BATCH_TOKENS = 64 * 1024;

  /** How generation keeps its batch full. */
  public enum Batching {
    /**
     * Keep {@code maxBatchRows} samples decoding: a waiting request is prefilled and joins the
     * batch as soon as rows finish.
     */
    CONTINUOUS,
    /** Decode micro-batches to the end; a batch shrinks as its rows finish. */
    STATIC
  }

  /** Continuous batching (the form before batching was configurable). */
  public RuntimeOptions(
      String device,
      Optional<TensorDType> dtype,
      int maxBatchRows,
      int maxBatchTokens,
      int threads,
      boolean kvCache) {
    this(device, dtype, maxBatchRows, maxBatchTokens, threads, kvCache, Batching.CONTINUOUS);
  }

  public RuntimeOptions {
    Preconditions.checkArgument(
        device != null && device.matches("auto|cpu|gpu(:\\d+)?"),
        "device must be cpu, gpu:N or auto, but was: %s",
        device);
    dtype = dtype == null ? Optional.empty() : dtype;
    Preconditions.checkArgument(
        dtype.isEmpty() || dtype.get() != TensorDType.BF16,
        "dtype must be f32 or f16 (bf16 weights are widened on load), but was: bf16");
    Preconditions.checkArgument(
        maxBatchRows >= 1, "maxBatchRows must be >= 1, but was: %s", maxBatchRows);
    Preconditions.checkArgument(
        maxBatchTokens >= 1, "maxBatchTokens must be >= 1, but was: %s", maxBatchTokens);
    Preconditions.checkArgument(threads >= 0, "threads must be >= 0, but was: %s", threads);
    batching = batching == null ? Batching.CONTINUOUS : batching;
  }

  /** Defaults: auto device and dtype, KV cache on. */
  public static RuntimeOptions defaults() {
    return new RuntimeOptions(
        DEFAULT_DEVICE,
        Optional.empty(),
        DEFAULT_MAX_BATCH_ROWS,
        DEFAULT_MAX_BATCH_TOKENS,
        0,
        true,
        Batching.CONTINUOUS);
  }

  /** CPU, float32. */
  public static RuntimeOptions cpu() {
    return defaults().withDevice("cpu");
  }

  public RuntimeOptions withDevice(String newDevice) {
    return new RuntimeOptions(
        newDevice, dtype, maxBatchRows, maxBatchTokens, threads, kvCache, batching);
  }

  public RuntimeOptions withDtype(TensorDType newDtype) {
    return new RuntimeOptions(
        device, Optional.of(newDtype), maxBatchRows, maxBatchTokens, threads, kvCache, batching);
  }

  public RuntimeOptions withBatchLimits(int rows, int tokens) {
    return new RuntimeOptions(device, dtype, rows, tokens, threads, kvCache, batching);
  }

  public RuntimeOptions withKvCache(boolean enabled) {
    return new RuntimeOptions(
        device, dtype, maxBatchRows, maxBatchTokens, threads, enabled, batching);
  }

  public RuntimeOptions withThreads(int newThreads) {
    return new RuntimeOptions(
        device, dtype, maxBatchRows, maxBatchTokens, newThreads, kvCache, batching);
  }

  public RuntimeOptions withBatching(Batching newBatching) {
    return new RuntimeOptions(
        device, dtype, maxBatchRows, maxBatchTokens, threads, kvCache, newBatching);
  }
}
