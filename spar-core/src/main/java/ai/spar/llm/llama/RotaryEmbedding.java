package ai.spar.llm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Rotary position embedding as Hugging Face applies it, with optional {@code linear} or {@code
 * llama3} frequency scaling, for every family's variant: the leading {@link
 * LlamaConfig#rotaryDim()} dimensions of a head rotate, paired as the family's {@link
 * ModelFamily.RotaryPairing} says, and the rest pass through. Every variant is the one expression
 * {@code y*cos + (y@R)*sin} over a full head: {@link #frequencies} gives each dimension its
 * frequency (0 for pass-through dimensions, so cos = 1 and sin = 0 there) and {@link #rotation} the
 * signed permutation {@code R} that maps each dimension to its pair partner ({@code -x2} to the
 * first of a pair, {@code x1} to the second).
 *
 * <p>The frequencies are computed once in Java; cos/sin are computed per call from the positions of
 * each row, so every row may have its own positions.
 */
final class RotaryEmbedding {
  private final int headDim;
  private final float[] frequencies;
  private final float[] rotation;

  RotaryEmbedding(LlamaConfig config) {
    this.headDim = config.headDim();
    this.frequencies = frequencies(config);
    this.rotation = rotation(config);
  }

  /**
   * The inverse frequencies of the rotated pairs, {@code theta^(-2i / rotaryDim)} scaled: {@code
   * [rotaryDim / 2]}.
   */
  static float[] inverseFrequencies(LlamaConfig config) {
    int rotary = config.rotaryDim();
    float[] inv = new float[rotary / 2];
    for (int i = 0; i < inv.length; i++) {
      double freq = 1.0 / Math.pow(config.ropeTheta(), (2.0 * i) / rotary);
      inv[i] = (float) config.ropeScaling().map(s -> scale(s, freq)).orElse(freq).doubleValue();
    }
    return inv;
  }

  /** The frequency of every dimension of a head, {@code [headDim]}: 0 where it passes through. */
  static float[] frequencies(LlamaConfig config) {
    float[] inv = inverseFrequencies(config);
    float[] perDim = new float[config.headDim()];
    for (int i = 0; i < inv.length; i++) {
      int[] pair = pair(config, i);
      perDim[pair[0]] = inv[i];
      perDim[pair[1]] = inv[i];
    }
    return perDim;
  }

  /**
   * The pairing matrix R, {@code [headDim, headDim]} row-major: {@code (x @ R)[a] = -x[b]} and
   * {@code (x @ R)[b] = x[a]} for every rotated pair (a, b); zero columns for pass-through
   * dimensions.
   */
  static float[] rotation(LlamaConfig config) {
    int d = config.headDim();
    float[] r = new float[d * d];
    for (int i = 0; i < config.rotaryDim() / 2; i++) {
      int[] pair = pair(config, i);
      r[pair[1] * d + pair[0]] = -1f; // out[a] = -x[b]
      r[pair[0] * d + pair[1]] = 1f; // out[b] = x[a]
    }
    return r;
  }

  /** The two dimensions (a, b) that frequency {@code i} rotates. */
  private static int[] pair(LlamaConfig config, int i) {
    return switch (config.family().rotaryPairing()) {
      case HALF_SPLIT -> new int[] {i, i + config.rotaryDim() / 2};
      case INTERLEAVED -> new int[] {2 * i, 2 * i + 1};
    };
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
   * cos and sin tables for positions [rows, t] and the pairing matrix, attached to the positions'
   * manager.
   *
   * @return {cos, sin}, each [rows, 1, t, headDim], and R [headDim, headDim], in {@code dtype}
   */
  NDList tables(NDArray positions, DataType dtype) {
    NDManager manager = positions.getManager();
    NDArray perDim = manager.create(frequencies); // [headDim]
    NDArray angles =
        positions
            .toType(DataType.FLOAT32, false)
            .expandDims(-1)
            .mul(perDim)
            .expandDims(1); // [rows, 1, t, headDim]
    NDArray r = manager.create(rotation, new Shape(headDim, headDim)); // [headDim, headDim]
    return new NDList(
        angles.cos().toType(dtype, false),
        angles.sin().toType(dtype, false),
        r.toType(dtype, false));
  }

  /** Applies the rotation to x [rows, heads, t, headDim] with the {@link #tables}. */
  static NDArray apply(NDArray x, NDList tables) {
    return x.mul(tables.get(0)).add(x.matMul(tables.get(2)).mul(tables.get(1)));
  }
}
