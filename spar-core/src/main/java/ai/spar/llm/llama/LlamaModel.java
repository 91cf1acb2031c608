package ai.spar.llm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;

/**
 * The Llama-family decoder as NDArray operations over {@link LlamaWeights}. Two entry points:
 *
 * <ul>
 *   <li>{@link #forward}: the full-sequence pass for scoring and training, with one matmul per
 *       Hugging Face-named parameter; it records on DJL autograd when the weights require
 *       gradients;
 *   <li>{@link #hidden}, with or without a {@link KvCache}: the inference pass of prefill and
 *       decode steps ({@link FusedInferencePass}: fused projections and fewer engine calls), which
 *       writes the new keys and values into the cache in place and attends over the cached slots.
 * </ul>
 *
 * <p>Both compute the same function (tests hold them within 1e-4).
 *
 * <p>Intermediate tensors are attached to the manager of the input ids, so callers free a step's
 * work by closing the manager they created the ids in. Not thread-safe (one forward at a time).
 */
public final class LlamaModel implements AutoCloseable {
  /** Additive mask value for excluded keys (softmax is computed in float32). */
  static final float MASKED = -1e9f;

  private final LlamaConfig config;
  private final LlamaWeights weights;
  private final DataType dtype;
  private final RotaryEmbedding rope;
  private FusedInferencePass fused;

  /**
   * @param weights the parameters (owned by the caller unless this model is closed, which closes
   *     them)
   * @param dtype the compute type, the weights' type (float32, or float16 on a GPU)
   */
  public LlamaModel(LlamaWeights weights, DataType dtype) {
    this.config = weights.config();
    this.weights = weights;
    this.dtype = dtype;
    this.rope = new RotaryEmbedding(config);
  }

  public LlamaConfig config() {
    return config;
  }

  public LlamaWeights weights() {
    return weights;
  }

  public DataType dtype() {
    return dtype;
  }

  /**
   * Full-sequence forward pass.
   *
   * @param ids token ids [batch, t] (int64 or int32); padded positions may hold any valid id
   * @param attentionMask 1 for real tokens and 0 for padding [batch, t]; left or right padding
   * @return logits [batch, t, vocab] in float32
   */
  public NDArray forward(NDArray ids, NDArray attentionMask) {
    NDManager manager = ids.getManager();
    long t = ids.getShape().get(1);
    NDArray valid = attentionMask.toType(DataType.INT64, false); // [batch, t]
    NDArray positions = valid.cumSum(1).sub(1).maximum(0); // [batch, t]
    float[] lower = new float[(int) (t * t)];
    for (int i = 0; i < t; i++) {
      for (int j = 0; j <= i; j++) {
        lower[(int) (i * t + j)] = 1f;
      }
    }
    NDArray causal = manager.create(lower, new Shape(t, t)); // [t, t]
    NDArray eye = manager.eye((int) t); // [t, t]
    NDArray keys =
        valid.toType(DataType.FLOAT32, false).reshape(-1, 1, 1, 1, t); // [batch, 1, 1, 1, t]
    NDArray allowed = causal.mul(keys.add(eye).minimum(1)); // [batch, 1, 1, t, t]
    NDArray mask = allowed.sub(1).mul(-MASKED); // [batch, 1, 1, t, t]: 0 or MASKED
    return logits(referenceHidden(ids, positions, mask));
  }

  /**
   * The final normalized hidden states of the inference pass ({@link FusedInferencePass}: fused
   * projections, fewer engine calls; not differentiable into the named parameters).
   *
   * @param ids [batch, t]
   * @param positions RoPE position of every token [batch, t]
   * @param mask additive float32 mask [batch, 1, 1, t, keys] (keys = start + t with a cache, t
   *     without)
   * @param cache the KV cache to write slots {@code [start, start + t)} of and attend over, or null
   * @return [batch, t, hidden]
   */
  NDArray hidden(NDArray ids, NDArray positions, NDArray mask, KvCache cache, int start) {
    if (fused == null) {
      fused = new FusedInferencePass(weights, dtype);
    }
    return fused.hidden(ids, positions, mask, cache, start);
  }

  /**
   * The final normalized hidden states of the reference kernels (one matmul per named parameter),
   * recorded on autograd when the parameters require gradients.
   *
   * @param ids [batch, t]
   * @param positions RoPE position of every token [batch, t]
   * @param mask additive float32 mask [batch, 1, 1, t, t]
   * @return [batch, t, hidden]
   */
  private NDArray referenceHidden(NDArray ids, NDArray positions, NDArray mask) {
    NDArray x =
        Embedding.embedding(
                as(ids, DataType.INT64), weights.get(LlamaWeights.EMBED), SparseFormat.DENSE)
            .singletonOrThrow(); // [batch, t, hidden]
    NDList rotary = rope.tables(positions, dtype); // cos, sin [batch, 1, t, headDim]; R [d, d]
    for (int layer = 0; layer < config.numLayers(); layer++) {
      NDArray normed = rmsNorm(x, weights.get(LlamaWeights.layer(layer, "input_layernorm.weight")));
      x = x.add(attention(layer, normed, rotary, mask));
      normed =
          rmsNorm(x, weights.get(LlamaWeights.layer(layer, "post_attention_layernorm.weight")));
      x = x.add(mlp(layer, normed));
    }
    return rmsNorm(x, weights.get(LlamaWeights.NORM));
  }

  /** The output head of both passes, logits in float32: [batch, t, hidden] -> [batch, t, vocab] */
  NDArray logits(NDArray hidden) {
    return as(Linear.linear(hidden, weights.head()).singletonOrThrow(), DataType.FLOAT32);
  }

  private NDArray rmsNorm(NDArray x, NDArray weight) {
    return rmsNorm(x, weight, config.rmsNormEps(), dtype);
  }

  /**
   * RMSNorm in float32, scaled by {@code weight} in the compute type: the one normalisation of both
   * passes ({@link #forward} and {@link FusedInferencePass}). [.., hidden] -> [.., hidden]
   */
  static NDArray rmsNorm(NDArray x, NDArray weight, double eps, DataType dtype) {
    NDArray x32 = as(x, DataType.FLOAT32);
    NDArray inverseRms = x32.square().mean(new int[] {-1}, true).add(eps).pow(-0.5); // [.., 1]
    return as(x32.mul(inverseRms), dtype).mul(weight);
  }

  private NDArray attention(int layer, NDArray x, NDList rotary, NDArray mask) {
    long batch = x.getShape().get(0);
    long t = x.getShape().get(1);
    int heads = config.numHeads();
    int kvHeads = config.numKvHeads();
    int headDim = config.headDim();
    NDArray q = project(x, layer, "q_proj"); // [batch, t, heads*headDim]
    NDArray k = project(x, layer, "k_proj"); // [batch, t, kvHeads*headDim]
    NDArray v = project(x, layer, "v_proj"); // [batch, t, kvHeads*headDim]
    q = q.reshape(batch, t, heads, headDim).transpose(0, 2, 1, 3); // [batch, heads, t, headDim]
    k = k.reshape(batch, t, kvHeads, headDim).transpose(0, 2, 1, 3); // [batch, kvHeads, t, headDim]
    v = v.reshape(batch, t, kvHeads, headDim).transpose(0, 2, 1, 3); // [batch, kvHeads, t, headDim]
    q = RotaryEmbedding.apply(q, rotary);
    k = RotaryEmbedding.apply(k, rotary);
    long keys = k.getShape().get(2);
    int group = config.groupSize();
    // grouped-query attention: the `group` query heads of one kv head are stacked along the query
    // axis
    q =
        q.mul(1.0 / Math.sqrt(headDim))
            .reshape(batch, kvHeads, group * t, headDim); // [b, kv, g*t, d]
    NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // [batch, kvHeads, group*t, keys]
    scores = as(scores, DataType.FLOAT32).reshape(batch, kvHeads, group, t, keys).add(mask);
    NDArray probs = as(scores.softmax(-1), dtype).reshape(batch, kvHeads, group * t, keys);
    NDArray context = probs.matMul(v); // [batch, kvHeads, group*t, headDim]
    context =
        context
            .reshape(batch, heads, t, headDim)
            .transpose(0, 2, 1, 3); // [batch, t, heads, headDim]
    context = context.reshape(batch, t, (long) heads * headDim); // [batch, t, heads*headDim]
    return Linear.linear(context, weights.get(LlamaWeights.layer(layer, "self_attn.o_proj.weight")))
        .singletonOrThrow(); // [batch, t, hidden]
  }

  private NDArray project(NDArray x, int layer, String name) {
    NDArray w = weights.get(LlamaWeights.layer(layer, "self_attn." + name + ".weight"));
    if (config.qkvBias()) {
      NDArray b = weights.get(LlamaWeights.layer(layer, "self_attn." + name + ".bias"));
      return Linear.linear(x, w, b).singletonOrThrow();
    }
    return Linear.linear(x, w).singletonOrThrow();
  }

  private NDArray mlp(int layer, NDArray x) {
    NDArray gate =
        Linear.linear(x, weights.get(LlamaWeights.layer(layer, "mlp.gate_proj.weight")))
            .singletonOrThrow(); // [batch, t, intermediate]
    NDArray up =
        Linear.linear(x, weights.get(LlamaWeights.layer(layer, "mlp.up_proj.weight")))
            .singletonOrThrow(); // [batch, t, intermediate]
    NDArray activated = gate.mul(Activation.sigmoid(gate)).mul(up); // SwiGLU: silu(gate) * up
    return Linear.linear(activated, weights.get(LlamaWeights.layer(layer, "mlp.down_proj.weight")))
        .singletonOrThrow(); // [batch, t, hidden]
  }

  /** Converts only when the type differs (each engine call costs tens of microseconds on CPU). */
  static NDArray as(NDArray x, DataType type) {
    return x.getDataType() == type ? x : x.toType(type, false);
  }

  /** Closes the weights. */
  @Override
  public void close() {
    if (fused != null) {
      fused.close();
    }
    weights.close();
  }
}
