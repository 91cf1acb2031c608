package ai.spar.llm.llama;

import static ai.spar.llm.llama.LlamaModel.as;

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
 * The inference pass of the decoder (prefill and decode steps), written to make few engine calls:
 * on CPU a step of a small model is bounded by the fixed cost of each call as much as by
 * arithmetic. Compared with the reference kernels of {@link LlamaModel#forward}:
 *
 * <ul>
 *   <li>q, k and v come from one matmul against the layer's fused {@code [q+2kv, hidden]} weight,
 *       and gate and up from one against {@code [2*intermediate, hidden]} ({@link
 *       LlamaWeights#fusedQkv}, {@link LlamaWeights#fusedGateUp});
 *   <li>RoPE rotates q, k and v in one expression {@code y*C + (y@R)*S}: {@code R} is the family's
 *       pairing permutation with its signs ({@link RotaryEmbedding#rotation}), and the per-step
 *       tables {@code C, S} (computed once for all layers) carry cos/sin for the q and k heads, the
 *       1/sqrt(headDim) attention scale for the q heads, and the identity (C = 1, S = 0) for the v
 *       heads;
 *   <li>the additive mask is broadcast to the grouped-query layout once per step, not per layer.
 * </ul>
 *
 * <p>Not differentiable into the Hugging Face-named parameters (training uses {@link
 * LlamaModel#forward}); the final normalisation and the output head ({@link LlamaModel#logits}) are
 * those of {@link LlamaModel}. Constants live in a manager owned by this object; per-step tensors
 * are attached to the manager of the input ids. Not thread-safe.
 */
final class FusedInferencePass implements AutoCloseable {
  private final LlamaConfig config;
  private final LlamaWeights weights;
  private final DataType dtype;
  private final NDManager constants;
  private final NDArray frequencies; // [headDim]: 0 for dimensions RoPE passes through
  private final NDArray headScale; // [heads + 2*kvHeads, 1]: 1/sqrt(d) for q, 1 for k, 0 for v
  private final NDArray valueIdentity; // [heads + 2*kvHeads, 1]: 1 for v heads, else 0
  private final NDArray pairing; // [headDim, headDim]: x @ R puts -x2 at x1 and x1 at x2

  FusedInferencePass(LlamaWeights weights, DataType dtype) {
    this.config = weights.config();
    this.weights = weights;
    this.dtype = dtype;
    this.constants = weights.manager().newSubManager();
    int d = config.headDim();
    this.frequencies = constants.create(RotaryEmbedding.frequencies(config));
    int heads = config.numHeads();
    int kv = config.numKvHeads();
    float[] scale = new float[heads + 2 * kv];
    float[] identity = new float[heads + 2 * kv];
    for (int h = 0; h < scale.length; h++) {
      scale[h] = h < heads ? (float) (1.0 / Math.sqrt(d)) : h < heads + kv ? 1f : 0f;
      identity[h] = h < heads + kv ? 0f : 1f;
    }
    this.headScale = constants.create(scale, new Shape(scale.length, 1));
    this.valueIdentity = constants.create(identity, new Shape(identity.length, 1));
    this.pairing = as(constants.create(RotaryEmbedding.rotation(config), new Shape(d, d)), dtype);
  }

  /**
   * The final normalized hidden states of an incremental (or, without a cache, full) pass.
   *
   * @param ids [batch, t]
   * @param positions RoPE position of every token [batch, t]
   * @param mask additive float32 mask [batch, 1, 1, t, keys] (keys = start + t with a cache, t
   *     without)
   * @param cache the KV cache to write slots {@code [start, start + t)} of and attend over, or null
   * @return [batch, t, hidden]
   */
  NDArray hidden(NDArray ids, NDArray positions, NDArray mask, KvCache cache, int start) {
    long batch = ids.getShape().get(0);
    long t = ids.getShape().get(1);
    long keys = mask.getShape().get(4);
    int group = config.groupSize();
    NDArray x =
        Embedding.embedding(
                as(ids, DataType.INT64), weights.get(LlamaWeights.EMBED), SparseFormat.DENSE)
            .singletonOrThrow(); // [batch, t, hidden]
    NDArray angles =
        positions
            .toType(DataType.FLOAT32, false)
            .reshape(batch, t, 1, 1)
            .mul(frequencies); // [batch, t, 1, headDim]
    NDArray c = as(angles.cos().mul(headScale).add(valueIdentity), dtype); // [b, t, q+2kv heads, d]
    NDArray s = as(angles.sin().mul(headScale), dtype); // [batch, t, q+2kv heads, headDim]
    NDArray groupedMask =
        mask.reshape(batch, 1, t, 1, keys)
            .broadcast(new Shape(batch, 1, t, group, keys))
            .reshape(batch, 1, t * group, keys); // [batch, 1, t*group, keys]
    NDManager step = ids.getManager();
    for (int layer = 0; layer < config.numLayers(); layer++) {
      // a layer's intermediates are freed when it ends, so a pass holds one layer's activations
      // (a 32 x 64 prefill of the 24M benchmark model held 1.4 GB when they lived until the step
      // ended)
      try (NDManager scope = step.newSubManager()) {
        x.attach(scope); // ops attach their results to the manager of their input
        NDArray normed =
            rmsNorm(x, weights.get(LlamaWeights.layer(layer, "input_layernorm.weight")));
        x = x.add(attention(layer, normed, c, s, groupedMask, cache, start));
        normed =
            rmsNorm(x, weights.get(LlamaWeights.layer(layer, "post_attention_layernorm.weight")));
        x = x.add(mlp(layer, normed));
        x.attach(step);
      }
    }
    return rmsNorm(x, weights.get(LlamaWeights.NORM));
  }

  private NDArray rmsNorm(NDArray x, NDArray weight) {
    return LlamaModel.rmsNorm(x, weight, config.rmsNormEps(), dtype);
  }

  private NDArray attention(
      int layer, NDArray x, NDArray c, NDArray s, NDArray mask, KvCache cache, int start) {
    long batch = x.getShape().get(0);
    long t = x.getShape().get(1);
    int heads = config.numHeads();
    int kvHeads = config.numKvHeads();
    int headDim = config.headDim();
    int group = config.groupSize();
    NDArray qkv =
        (config.qkvBias()
                ? Linear.linear(x, weights.fusedQkv(layer), weights.fusedQkvBias(layer))
                : Linear.linear(x, weights.fusedQkv(layer)))
            .singletonOrThrow()
            .reshape(batch, t, heads + 2L * kvHeads, headDim); // [batch, t, q+2kv heads, d]
    // RoPE on q and k (q also scaled by 1/sqrt(d)), v passed through: y*C + (y@R)*S
    qkv = qkv.mul(c).add(qkv.matMul(pairing).mul(s)); // [batch, t, q+2kv heads, headDim]
    NDList split = qkv.split(new long[] {heads, heads + kvHeads}, 2);
    NDArray q = split.get(0); // [batch, t, heads, headDim]
    NDArray k = split.get(1).transpose(0, 2, 1, 3); // [batch, kvHeads, t, headDim]
    NDArray v = split.get(2).transpose(0, 2, 1, 3); // [batch, kvHeads, t, headDim]
    if (cache != null) {
      cache.write(layer, k, v, start);
      k = cache.keys(layer, start + (int) t, x.getManager()); // [batch, kvHeads, keys, headDim]
      v = cache.values(layer, start + (int) t, x.getManager()); // [batch, kvHeads, keys, headDim]
    }
    // grouped-query attention: the query axis of kv head j holds (position, group member) pairs
    q =
        q.reshape(batch, t, kvHeads, group, headDim)
            .transpose(0, 2, 1, 3, 4) // [batch, kvHeads, t, group, headDim]
            .reshape(batch, kvHeads, t * group, headDim); // [batch, kvHeads, t*group, headDim]
    NDArray scores = as(q.matMul(k.transpose(0, 1, 3, 2)), DataType.FLOAT32); // [b, kv, t*g, keys]
    NDArray probs = as(scores.add(mask).softmax(-1), dtype); // [batch, kvHeads, t*group, keys]
    NDArray context =
        probs
            .matMul(v) // [batch, kvHeads, t*group, headDim]
            .reshape(batch, kvHeads, t, group, headDim)
            .transpose(0, 2, 1, 3, 4) // [batch, t, kvHeads, group, headDim]
            .reshape(batch, t, (long) heads * headDim); // [batch, t, heads*headDim]
    return Linear.linear(context, weights.get(LlamaWeights.layer(layer, "self_attn.o_proj.weight")))
        .singletonOrThrow(); // [batch, t, hidden]
  }

  private NDArray mlp(int layer, NDArray x) {
    NDList gateUp =
        Linear.linear(x, weights.fusedGateUp(layer))
            .singletonOrThrow() // [batch, t, 2*intermediate]
            .split(2, 2); // 2 x [batch, t, intermediate]
    NDArray gate = gateUp.get(0);
    NDArray activated = gate.mul(Activation.sigmoid(gate)).mul(gateUp.get(1)); // silu(gate) * up
    return Linear.linear(activated, weights.get(LlamaWeights.layer(layer, "mlp.down_proj.weight")))
        .singletonOrThrow(); // [batch, t, hidden]
  }

  @Override
  public void close() {
    constants.close();
  }
}
