package ai.spar.llm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Rotary position embedding in the Hugging Face (rotate-half) layout, with optional {@code linear}
 * or {@code llama3} frequency scaling. The inverse frequencies are computed once in Java; cos/sin
 * are computed per call from the positions of each row, so every row may have its own positions.
 */
final class RotaryEmbedding {
  private final float[] inverseFrequencies;

  RotaryEmbedding(LlamaConfig config) {
    this.inverseFrequencies = inverseFrequencies(config);
  }

  static float[] inverseFrequencies(LlamaConfig config) {
    int half = config.headDim() / 2;
    float[] inv = new float[half];
    for (int i = 0; i < half; i++) {
      double freq = 1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / config.headDim());
      inv[i] = (float) config.ropeScaling().map(s -> scale(s, freq)).orElse(freq).doubleValue();
    }
    return inv;
  }

  private static double scale(LlamaConfig.RopeScaling s, double freq) {
    if (s.type().equals("linear")) {
      return freq / s.factor();
    }
    // llama3: long wavelengths are slowed by factor, short ones kept, the band between interpolated
    double lowWavelen = s.originalMaxPositions() / s.lowFreqFactor();
    double highWavelen = s.originalMaxPositions() / s.highFreqFactor();
    double wavelen = 2 * Math.PI / freq;
    if (wavelen < highWavelen) {
      return freq;
    }
    if (wavelen > lowWavelen) {
      return freq / s.factor();
    }
    double smooth =
        (s.originalMaxPositions() / wavelen - s.lowFreqFactor())
            / (s.highFreqFactor() - s.lowFreqFactor());
    return (1 - smooth) * freq / s.factor() + smooth * freq;
  }

  /**
   * cos and sin tables for positions [rows, t], attached to the positions' manager.
   *
   * @return {cos, sin}, each [rows, 1, t, headDim] in {@code dtype}
   */
  NDList tables(NDArray positions, DataType dtype) {
    NDManager manager = positions.getManager();
    NDArray inv = manager.create(inverseFrequencies); // [headDim/2]
    NDArray angles =
        positions.toType(DataType.FLOAT32, false).expandDims(-1).mul(inv); // [rows, t, headDim/2]
    NDArray full =
        NDArrays.concat(new NDList(angles, angles), -1).expandDims(1); // [rows, 1, t, headDim]
    return new NDList(full.cos().toType(dtype, false), full.sin().toType(dtype, false));
  }

  /** Applies the rotation to x [rows, heads, t, headDim]. */
  static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
    long half = x.getShape().get(3) / 2;
    NDArray first = x.get("..., :{}", half); // [rows, heads, t, headDim/2]
    NDArray second = x.get("..., {}:", half); // [rows, heads, t, headDim/2]
    NDArray rotated =
        NDArrays.concat(new NDList(second.neg(), first), -1); // [rows, heads, t, headDim]
    return x.mul(cos).add(rotated.mul(sin));
  }
}
