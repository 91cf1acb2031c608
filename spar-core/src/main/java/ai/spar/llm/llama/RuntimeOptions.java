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
 */
public record RuntimeOptions(
    String device,
    Optional<TensorDType> dtype,
    int maxBatchRows,
    int maxBatchTokens,
    int threads,
    boolean kvCache) {
  public static final String DEFAULT_DEVICE = "auto";
  public static final int DEFAULT_MAX_BATCH_ROWS = 64;
  public static final int DEFAULT_MAX_BATCH_TOKENS = 64 * 1024;

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
  }

  /** Defaults: auto device and dtype, KV cache on. */
  public static RuntimeOptions defaults() {
    return new RuntimeOptions(
        DEFAULT_DEVICE,
        Optional.empty(),
        DEFAULT_MAX_BATCH_ROWS,
        DEFAULT_MAX_BATCH_TOKENS,
        0,
        true);
  }

  /** CPU, float32. */
  public static RuntimeOptions cpu() {
    return defaults().withDevice("cpu");
  }

  public RuntimeOptions withDevice(String newDevice) {
    return new RuntimeOptions(newDevice, dtype, maxBatchRows, maxBatchTokens, threads, kvCache);
  }

  public RuntimeOptions withDtype(TensorDType newDtype) {
    return new RuntimeOptions(
        device, Optional.of(newDtype), maxBatchRows, maxBatchTokens, threads, kvCache);
  }

  public RuntimeOptions withBatchLimits(int rows, int tokens) {
    return new RuntimeOptions(device, dtype, rows, tokens, threads, kvCache);
  }

  public RuntimeOptions withKvCache(boolean enabled) {
    return new RuntimeOptions(device, dtype, maxBatchRows, maxBatchTokens, threads, enabled);
  }

  public RuntimeOptions withThreads(int newThreads) {
    return new RuntimeOptions(device, dtype, maxBatchRows, maxBatchTokens, newThreads, kvCache);
  }
}
