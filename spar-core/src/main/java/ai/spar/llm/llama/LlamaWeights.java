package ai.spar.llm.llama;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.spar.llm.weights.HostTensor;
import ai.spar.llm.weights.SafetensorsCheckpoint;
import ai.spar.llm.weights.SafetensorsException;
import ai.spar.llm.weights.TensorInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameters of a Llama-family model as engine tensors, keyed by their Hugging Face Llama names
 * ({@code model.layers.0.self_attn.q_proj.weight}...) whatever the family: tensors a family's
 * checkpoints store fused (GLM's {@code mlp.gate_up_proj.weight}) are split on load ({@link
 * CheckpointLayout}). With tied embeddings there is no {@code lm_head.weight}: the head is the
 * embedding matrix.
 *
 * <p>Owns its NDManager; closing the weights frees every tensor. Not thread-safe to mutate; safe to
 * read concurrently.
 */
public final class LlamaWeights implements AutoCloseable {
  public static final String EMBED = "model.embed_tokens.weight";
  public static final String NORM = "model.norm.weight";
  public static final String LM_HEAD = "lm_head.weight";
  private static final String FUSED_QKV = "self_attn.qkv_proj.weight";
  private static final String FUSED_QKV_BIAS = "self_attn.qkv_proj.bias";
  private static final String FUSED_GATE_UP = "mlp.gate_up_proj.weight";
  private static final String[] QKV = {"q_proj", "k_proj", "v_proj"};
  private static final String[] GATE_UP = {"gate_proj", "up_proj"};

  private final LlamaConfig config;
  private final NDManager manager;
  private final Map<String, NDArray> parameters;
  private final Map<String, NDArray> readOnlyParameters;
  private final Map<String, NDArray> fused = new HashMap<>();

  private LlamaWeights(LlamaConfig config, NDManager manager, Map<String, NDArray> parameters) {
    this.config = config;
    this.manager = manager;
    this.parameters = parameters;
    this.readOnlyParameters = Collections.unmodifiableMap(parameters);
  }

  /** The name of a per-layer parameter, e.g. {@code layer(3, "mlp.up_proj.weight")}. */
  public static String layer(int index, String suffix) {
    return "model.layers." + index + "." + suffix;
  }

  /** Every parameter the configuration needs, with its shape, in checkpoint order. */
  public static Map<String, long[]> expectedShapes(LlamaConfig c) {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    long h = c.hiddenSize();
    long q = (long) c.numHeads() * c.headDim();
    long kv = (long) c.numKvHeads() * c.headDim();
    shapes.put(EMBED, new long[] {c.vocabSize(), h});
    for (int i = 0; i < c.numLayers(); i++) {
      shapes.put(layer(i, "input_layernorm.weight"), new long[] {h});
      shapes.put(layer(i, "self_attn.q_proj.weight"), new long[] {q, h});
      shapes.put(layer(i, "self_attn.k_proj.weight"), new long[] {kv, h});
      shapes.put(layer(i, "self_attn.v_proj.weight"), new long[] {kv, h});
      if (c.qkvBias()) {
        shapes.put(layer(i, "self_attn.q_proj.bias"), new long[] {q});
        shapes.put(layer(i, "self_attn.k_proj.bias"), new long[] {kv});
        shapes.put(layer(i, "self_attn.v_proj.bias"), new long[] {kv});
      }
      shapes.put(layer(i, "self_attn.o_proj.weight"), new long[] {h, q});
      shapes.put(layer(i, "post_attention_layernorm.weight"), new long[] {h});
      shapes.put(layer(i, "mlp.gate_proj.weight"), new long[] {c.intermediateSize(), h});
      shapes.put(layer(i, "mlp.up_proj.weight"), new long[] {c.intermediateSize(), h});
      shapes.put(layer(i, "mlp.down_proj.weight"), new long[] {h, c.intermediateSize()});
    }
    shapes.put(NORM, new long[] {h});
    if (!c.tieWordEmbeddings()) {
      shapes.put(LM_HEAD, new long[] {c.vocabSize(), h});
    }
    return shapes;
  }

  /**
   * Loads and shape-checks every parameter from a checkpoint, one tensor at a time (each host copy
   * is released as soon as its engine tensor exists). A tensor the family's checkpoints store fused
   * ({@link ModelFamily#fusedTensors()}) is read once and split into its runtime parameters.
   *
   * @throws SafetensorsException naming the file and tensor when one is missing or has the wrong
   *     shape
   */
  public static LlamaWeights load(
      LlamaConfig config, SafetensorsCheckpoint checkpoint, NDManager parent, DataType dtype) {
    Map<String, TensorInfo> available = checkpoint.tensors();
    Map<String, long[]> runtime = expectedShapes(config);
    Map<String, List<String>> fusedParts = CheckpointLayout.fusedTensors(config);
    NDManager manager = parent.newSubManager();
    Map<String, NDArray> loaded = new HashMap<>();
    try {
      for (Map.Entry<String, long[]> e : CheckpointLayout.checkpointShapes(config).entrySet()) {
        TensorInfo info = available.get(e.getKey());
        if (info == null) {
          throw new SafetensorsException(
              checkpoint.directory()
                  + ": checkpoint has no tensor "
                  + e.getKey()
                  + " (expected shape "
                  + Arrays.toString(e.getValue())
                  + ")");
        }
        if (!Arrays.equals(info.shapeArray(), e.getValue())) {
          throw new SafetensorsException(
              checkpoint.fileOf(e.getKey())
                  + ": tensor "
                  + e.getKey()
                  + " has shape "
                  + info.shape()
                  + ", but config.json implies "
                  + Arrays.toString(e.getValue()));
        }
        HostTensor host = checkpoint.readFloat32(e.getKey());
        NDArray tensor = toEngine(manager, host, dtype);
        host.release();
        List<String> parts = fusedParts.get(e.getKey());
        if (parts == null) {
          loaded.put(e.getKey(), tensor);
        } else {
          // [sum of rows, ...] -> one owning tensor per part, in row order
          long[] splitPoints = new long[parts.size() - 1];
          for (int i = 0; i < splitPoints.length; i++) {
            splitPoints[i] = (i == 0 ? 0 : splitPoints[i - 1]) + runtime.get(parts.get(i))[0];
          }
          NDList views = tensor.split(splitPoints, 0);
          for (int i = 0; i < parts.size(); i++) {
            loaded.put(parts.get(i), views.get(i).duplicate());
          }
          views.close();
          tensor.close();
        }
      }
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    runtime.keySet().forEach(name -> parameters.put(name, loaded.get(name)));
    return new LlamaWeights(config, manager, parameters);
  }

  /**
   * Wraps host tensors (e.g. freshly initialized ones); the shapes are checked like a checkpoint's.
   */
  public static LlamaWeights fromHost(
      LlamaConfig config, Map<String, HostTensor> tensors, NDManager parent, DataType dtype) {
    NDManager manager = parent.newSubManager();
    Map<String, NDArray> parameters = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, long[]> e : expectedShapes(config).entrySet()) {
        HostTensor host = tensors.get(e.getKey());
        if (host == null || !Arrays.equals(host.shape(), e.getValue())) {
          throw new IllegalArgumentException(
              "tensor "
                  + e.getKey()
                  + " must have shape "
                  + Arrays.toString(e.getValue())
                  + ", but was: "
                  + (host == null ? "missing" : Arrays.toString(host.shape())));
        }
        parameters.put(e.getKey(), toEngine(manager, host, dtype));
      }
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
    return new LlamaWeights(config, manager, parameters);
  }

  private static NDArray toEngine(NDManager manager, HostTensor host, DataType dtype) {
    ByteBuffer data = host.data();
    NDArray wrapped;
    if (data.isDirect()) {
      wrapped = manager.create(data, new Shape(host.shape()), DataType.FLOAT32);
    } else {
      ByteBuffer direct =
          ByteBuffer.allocateDirect(data.remaining()).order(ByteOrder.nativeOrder());
      direct.put(data).flip();
      wrapped = manager.create(direct, new Shape(host.shape()), DataType.FLOAT32);
    }
    // an owning copy: the engine tensor must not alias the mapped file or the host buffer
    NDArray owned = dtype == DataType.FLOAT32 ? wrapped.duplicate() : wrapped.toType(dtype, true);
    wrapped.close();
    return owned;
  }

  /** The configuration these weights belong to. */
  public LlamaConfig config() {
    return config;
  }

  /** A parameter by Hugging Face name. */
  public NDArray get(String name) {
    NDArray array = parameters.get(name);
    if (array == null) {
      throw new IllegalArgumentException("no parameter named " + name);
    }
    return array;
  }

  /** The output head: {@code lm_head.weight}, or the embedding when tied. [vocab, hidden] */
  public NDArray head() {
    return config.tieWordEmbeddings() ? get(EMBED) : get(LM_HEAD);
  }

  /**
   * Every parameter by Hugging Face name, in checkpoint order (for optimizers and checkpoint
   * writing).
   */
  public Map<String, NDArray> parameters() {
    return readOnlyParameters;
  }

  /**
   * Stores the q/k/v (and their biases) and gate/up projections of every layer as one fused tensor
   * each, and replaces the Hugging Face-named tensors by row views of it, so the fused inference
   * kernels need no second copy of the weights. Values are unchanged. Meant for inference owners (a
   * model that only generates and scores): the named tensors become views, so do not attach
   * gradients to fused weights. Idempotent.
   */
  public void fuseProjections() {
    for (int layer = 0; layer < config.numLayers(); layer++) {
      fuse(layer, FUSED_QKV, "self_attn.", QKV, ".weight");
      if (config.qkvBias()) {
        fuse(layer, FUSED_QKV_BIAS, "self_attn.", QKV, ".bias");
      }
      fuse(layer, FUSED_GATE_UP, "mlp.", GATE_UP, ".weight");
    }
  }

  private void fuse(int layer, String fusedName, String prefix, String[] parts, String suffix) {
    String key = layer(layer, fusedName);
    if (fused.containsKey(key)) {
      return;
    }
    NDArray whole = concatenated(layer, prefix, parts, suffix);
    long[] splitPoints = new long[parts.length - 1];
    long offset = 0;
    for (int i = 0; i < splitPoints.length; i++) {
      offset += get(layer(layer, prefix + parts[i] + suffix)).getShape().get(0);
      splitPoints[i] = offset;
    }
    NDList views = whole.split(splitPoints, 0);
    for (int i = 0; i < parts.length; i++) {
      String name = layer(layer, prefix + parts[i] + suffix);
      views.get(i).attach(manager);
      parameters.put(name, views.get(i)).close();
    }
    fused.put(key, whole);
  }

  private NDArray concatenated(int layer, String prefix, String[] parts, String suffix) {
    NDList list = new NDList();
    for (String part : parts) {
      list.add(get(layer(layer, prefix + part + suffix)));
    }
    return NDArrays.concat(list, 0);
  }

  /**
   * The fused q/k/v projection weight of a layer, {@code [heads*d + 2*kvHeads*d, hidden]}: a view
   * of storage shared with the named tensors after {@link #fuseProjections}, else a copy made on
   * first use (kept until close).
   */
  NDArray fusedQkv(int layer) {
    return fusedOrCopy(layer, FUSED_QKV, "self_attn.", QKV, ".weight");
  }

  /** The fused q/k/v bias of a layer (Qwen2), {@code [heads*d + 2*kvHeads*d]}. */
  NDArray fusedQkvBias(int layer) {
    return fusedOrCopy(layer, FUSED_QKV_BIAS, "self_attn.", QKV, ".bias");
  }

  /** The fused gate/up projection weight of a layer, {@code [2*intermediate, hidden]}. */
  NDArray fusedGateUp(int layer) {
    return fusedOrCopy(layer, FUSED_GATE_UP, "mlp.", GATE_UP, ".weight");
  }

  private NDArray fusedOrCopy(
      int layer, String fusedName, String prefix, String[] parts, String suffix) {
    return fused.computeIfAbsent(
        layer(layer, fusedName), k -> concatenated(layer, prefix, parts, suffix));
  }

  /**
   * Copies every parameter to host float32 tensors (for checkpoint writing), by runtime name;
   * {@link LlamaCheckpointWriter} stores them in the family's layout.
   */
  public Map<String, HostTensor> toHost() {
    Map<String, HostTensor> host = new LinkedHashMap<>();
    parameters.forEach(
        (name, array) -> {
          try (NDArray f32 = array.toType(DataType.FLOAT32, true)) {
            host.put(name, HostTensor.of(array.getShape().getShape(), f32.toFloatArray()));
          }
        });
    return host;
  }

  /** The manager owning the parameters. */
  public NDManager manager() {
    return manager;
  }

  @Override
  public void close() {
    manager.close();
  }
}
