package ai.spar.llm.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A decoder architecture of one of the {@link ModelFamilies supported families}, bound leniently
 * from a Hugging Face {@code config.json} with explicit key names; the keys whose meaning or
 * default differs between families are read by the {@link #family() family}. Everything this
 * decoder cannot run (an unknown architecture, sliding-window attention, mixture-of-experts keys,
 * an unknown RoPE scaling type) is rejected by {@link #load} with a message naming the key and the
 * value.
 *
 * @param architecture one of {@link ModelFamilies#architectures()}: {@code LlamaForCausalLM},
 *     {@code MistralForCausalLM}, {@code Qwen2ForCausalLM} or {@code GlmForCausalLM}
 * @param vocabSize rows of the embedding and of the output head
 * @param hiddenSize model width
 * @param intermediateSize SwiGLU inner width
 * @param numLayers decoder layers
 * @param numHeads query heads
 * @param numKvHeads key/value heads (grouped-query attention); divides {@code numHeads}
 * @param headDim width of one head ({@code hidden_size / num_attention_heads} unless given)
 * @param maxPositions context length
 * @param rmsNormEps RMSNorm epsilon
 * @param ropeTheta RoPE base
 * @param ropeScaling optional RoPE frequency scaling
 * @param tieWordEmbeddings whether the output head reuses the embedding matrix
 * @param qkvBias whether q/k/v projections have biases (Qwen2, or {@code attention_bias})
 * @param bosTokenId beginning-of-sequence id, -1 if none
 * @param eosTokenIds end-of-sequence ids
 * @param partialRotaryFactor share of each head's dimensions that RoPE rotates, in (0, 1] (1 but
 *     for GLM)
 */
public record LlamaConfig(
    String architecture,
    int vocabSize,
    int hiddenSize,
    int intermediateSize,
    int numLayers,
    int numHeads,
    int numKvHeads,
    int headDim,
    int maxPositions,
    double rmsNormEps,
    double ropeTheta,
    Optional<RopeScaling> ropeScaling,
    boolean tieWordEmbeddings,
    boolean qkvBias,
    int bosTokenId,
    List<Integer> eosTokenIds,
    double partialRotaryFactor) {

  /** The file name in a model directory. */
  public static final String FILE = "config.json";

  public static final String LLAMA = "LlamaForCausalLM";
  public static final String MISTRAL = "MistralForCausalLM";
  public static final String QWEN2 = "Qwen2ForCausalLM";
  public static final String GLM = GlmFamily.ARCHITECTURE;

  static final double DEFAULT_RMS_NORM_EPS = 1e-6;
  static final double DEFAULT_ROPE_THETA = 10000.0;
  static final int DEFAULT_MAX_POSITIONS = 2048;
  private static final List<String> MOE_KEYS =
      List.of("num_local_experts", "num_experts", "num_experts_per_tok", "moe_intermediate_size");

  public LlamaConfig {
    Preconditions.checkArgument(
        ModelFamilies.architectures().contains(architecture),
        "architecture must be one of %s, but was: %s",
        ModelFamilies.architectures(),
        architecture);
    checkPositive("vocab_size", vocabSize);
    checkPositive("hidden_size", hiddenSize);
    checkPositive("intermediate_size", intermediateSize);
    checkPositive("num_hidden_layers", numLayers);
    checkPositive("num_attention_heads", numHeads);
    checkPositive("num_key_value_heads", numKvHeads);
    checkPositive("head_dim", headDim);
    checkPositive("max_position_embeddings", maxPositions);
    Preconditions.checkArgument(
        numHeads % numKvHeads == 0,
        "num_attention_heads (%s) must be a multiple of num_key_value_heads, but num_key_value_heads was: %s",
        numHeads,
        numKvHeads);
    Preconditions.checkArgument(
        partialRotaryFactor > 0 && partialRotaryFactor <= 1,
        "partial_rotary_factor must be in (0, 1], but was: %s",
        partialRotaryFactor);
    int rotary = (int) (headDim * partialRotaryFactor);
    Preconditions.checkArgument(
        rotary > 0 && rotary % 2 == 0,
        "head_dim * partial_rotary_factor must be an even number of rotary dimensions, but was: %s"
            + " (head_dim %s)",
        rotary,
        headDim);
    Preconditions.checkArgument(
        rmsNormEps > 0, "rms_norm_eps must be > 0, but was: %s", rmsNormEps);
    Preconditions.checkArgument(ropeTheta > 0, "rope_theta must be > 0, but was: %s", ropeTheta);
    ropeScaling = ropeScaling == null ? Optional.empty() : ropeScaling;
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  /** The family that runs this architecture. */
  public ModelFamily family() {
    return ModelFamilies.of(architecture);
  }

  /** The leading dimensions of each head that RoPE rotates ({@code headDim} unless partial). */
  public int rotaryDim() {
    return (int) (headDim * partialRotaryFactor);
  }

  private static void checkPositive(String key, int value) {
    Preconditions.checkArgument(value > 0, "%s must be > 0, but was: %s", key, value);
  }

  /**
   * RoPE frequency scaling.
   *
   * @param type {@code linear} or {@code llama3}
   * @param factor scaling factor, {@code >= 1}
   * @param lowFreqFactor llama3 only
   * @param highFreqFactor llama3 only
   * @param originalMaxPositions llama3 only: the context the frequencies were trained for
   */
  public record RopeScaling(
      String type,
      double factor,
      double lowFreqFactor,
      double highFreqFactor,
      int originalMaxPositions) {
    public RopeScaling {
      Preconditions.checkArgument(
          "linear".equals(type) || "llama3".equals(type),
          "rope_scaling.rope_type must be 'linear' or 'llama3', but was: %s",
          type);
      Preconditions.checkArgument(
          factor > 0, "rope_scaling.factor must be > 0, but was: %s", factor);
      if ("llama3".equals(type)) {
        Preconditions.checkArgument(
            highFreqFactor > lowFreqFactor && lowFreqFactor > 0,
            "rope_scaling needs 0 < low_freq_factor < high_freq_factor, but were: %s, %s",
            lowFreqFactor,
            highFreqFactor);
        Preconditions.checkArgument(
            originalMaxPositions > 0,
            "rope_scaling.original_max_position_embeddings must be > 0, but was: %s",
            originalMaxPositions);
      }
    }
  }

  /** Number of query heads sharing one key/value head. */
  public int groupSize() {
    return numHeads / numKvHeads;
  }

  /** Number of parameters (embedding and head counted once when tied). */
  public long parameterCount() {
    long attention =
        (long) hiddenSize * numHeads * headDim * 2 + (long) hiddenSize * numKvHeads * headDim * 2;
    long bias = qkvBias ? (long) (numHeads + 2 * numKvHeads) * headDim : 0;
    long mlp = 3L * hiddenSize * intermediateSize;
    long perLayer = attention + bias + mlp + 2L * hiddenSize;
    long embeddings = (long) vocabSize * hiddenSize * (tieWordEmbeddings ? 1 : 2);
    return perLayer * numLayers + embeddings + hiddenSize;
  }

  /**
   * Reads and validates {@code config.json} of a model directory.
   *
   * @throws IllegalArgumentException naming the file, key and value of anything unsupported
   */
  public static LlamaConfig load(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(file + ": model config does not exist");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
    }
    try {
      return fromJson(root);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /** Binds a parsed {@code config.json}. */
  public static LlamaConfig fromJson(JsonNode root) {
    String architecture = architecture(root);
    ModelFamily family = ModelFamilies.of(architecture);
    for (String key : MOE_KEYS) {
      JsonNode v = root.get(key);
      if (v != null && !v.isNull() && !(v.isNumber() && v.asInt() == 0)) {
        throw new IllegalArgumentException(
            "mixture-of-experts models are not supported, but " + key + " was: " + v);
      }
    }
    family.checkSupported(root);
    int hidden = required(root, "hidden_size");
    int heads = required(root, "num_attention_heads");
    int headDim =
        root.hasNonNull("head_dim")
            ? root.get("head_dim").asInt()
            : family.defaultHeadDim(hidden, heads);
    return new LlamaConfig(
        architecture,
        required(root, "vocab_size"),
        hidden,
        required(root, "intermediate_size"),
        required(root, "num_hidden_layers"),
        heads,
        root.hasNonNull("num_key_value_heads") ? root.get("num_key_value_heads").asInt() : heads,
        headDim,
        root.path("max_position_embeddings").asInt(DEFAULT_MAX_POSITIONS),
        root.path("rms_norm_eps").asDouble(DEFAULT_RMS_NORM_EPS),
        root.path("rope_theta").asDouble(DEFAULT_ROPE_THETA),
        ropeScaling(root.get("rope_scaling")),
        root.path("tie_word_embeddings").asBoolean(false),
        family.qkvBias(root),
        tokenId(root.get("bos_token_id")),
        ids(root.get("eos_token_id")),
        family.partialRotaryFactor(root));
  }

  private static String architecture(JsonNode root) {
    JsonNode archs = root.get("architectures");
    if (archs == null || !archs.isArray() || archs.size() != 1) {
      throw new IllegalArgumentException(
          "architectures must list exactly one of "
              + ModelFamilies.architectures()
              + ", but was: "
              + archs);
    }
    String arch = archs.get(0).asText();
    ModelFamilies.of(arch); // names the supported architectures when unknown
    String act = root.path("hidden_act").asText("silu");
    if (!act.equals("silu")) {
      throw new IllegalArgumentException("hidden_act must be 'silu', but was: " + act);
    }
    return arch;
  }

  private static int required(JsonNode root, String key) {
    JsonNode v = root.get(key);
    if (v == null || !v.canConvertToInt()) {
      throw new IllegalArgumentException(key + " must be an integer, but was: " + v);
    }
    return v.asInt();
  }

  private static Optional<RopeScaling> ropeScaling(JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    String type =
        node.hasNonNull("rope_type") ? node.get("rope_type").asText() : node.path("type").asText();
    if (type.equals("default")) {
      return Optional.empty();
    }
    if (!type.equals("linear") && !type.equals("llama3")) {
      throw new IllegalArgumentException(
          "rope_scaling.rope_type must be 'linear', 'llama3' or 'default', but was: " + type);
    }
    return Optional.of(
        new RopeScaling(
            type,
            node.path("factor").asDouble(1.0),
            node.path("low_freq_factor").asDouble(1.0),
            node.path("high_freq_factor").asDouble(4.0),
            node.path("original_max_position_embeddings").asInt(8192)));
  }

  /** A token id key that may be absent or {@code null} (GLM has no BOS): -1 then. */
  static int tokenId(JsonNode node) {
    return node != null && node.canConvertToInt() ? node.asInt() : -1;
  }

  static List<Integer> ids(JsonNode node) {
    List<Integer> ids = new ArrayList<>();
    if (node != null && node.isArray()) {
      node.forEach(n -> ids.add(n.asInt()));
    } else if (node != null && node.canConvertToInt()) {
      ids.add(node.asInt());
    }
    return ids;
  }

  /** This configuration as a Hugging Face {@code config.json} object. */
  public ObjectNode toJson() {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root = json.createObjectNode();
    root.putArray("architectures").add(architecture);
    root.put("model_type", family().modelType());
    root.put("vocab_size", vocabSize);
    root.put("hidden_size", hiddenSize);
    root.put("intermediate_size", intermediateSize);
    root.put("num_hidden_layers", numLayers);
    root.put("num_attention_heads", numHeads);
    root.put("num_key_value_heads", numKvHeads);
    root.put("head_dim", headDim);
    root.put("hidden_act", "silu");
    root.put("max_position_embeddings", maxPositions);
    root.put("rms_norm_eps", rmsNormEps);
    root.put("rope_theta", ropeTheta);
    ropeScaling.ifPresent(
        s -> {
          ObjectNode scaling = root.putObject("rope_scaling");
          scaling.put("rope_type", s.type());
          scaling.put("factor", s.factor());
          if (s.type().equals("llama3")) {
            scaling.put("low_freq_factor", s.lowFreqFactor());
            scaling.put("high_freq_factor", s.highFreqFactor());
            scaling.put("original_max_position_embeddings", s.originalMaxPositions());
          }
        });
    root.put("tie_word_embeddings", tieWordEmbeddings);
    family().putKeys(this, root);
    if (bosTokenId >= 0) {
      root.put("bos_token_id", bosTokenId);
    }
    ArrayNode eos = root.putArray("eos_token_id");
    eosTokenIds.forEach(eos::add);
    root.put("torch_dtype", "float32");
    return root;
  }
}
