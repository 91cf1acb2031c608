package ai.spar.llm.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.spar.llm.Completion;
import ai.spar.llm.FinishReason;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.chat.ChatMessage;
import ai.spar.llm.chat.ChatTemplate;
import ai.spar.llm.chat.TokenizerConfig;
import ai.spar.llm.weights.HostTensor;
import ai.spar.llm.weights.SafetensorsCheckpoint;
import ai.spar.llm.weights.TensorDType;
import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GLM family ({@code GlmForCausalLM}) against the tiny-glm fixture: float64 reference logits,
 * greedy continuations and chat renderings from an independent implementation.
 */
class GlmModelTest {
  private static final double TOLERANCE = 1e-4;
  private static final List<Integer> EOS = List.of(442, 446, 448);
  private static DjlLlamaModel model;
  private static JsonNode expected;

  @BeforeAll
  static void load() throws IOException {
    model = DjlLlamaModel.load(Fixtures.tinyGlm(), RuntimeOptions.cpu());
    expected =
        new ObjectMapper().readTree(Fixtures.read("tiny-glm/expected.json")).get("sequences");
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static int[] ids(JsonNode node) {
    int[] ids = new int[node.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = node.get(i).asInt();
    }
    return ids;
  }

  private static double maxError(float[][] actual, JsonNode rows) {
    double max = 0;
    for (int p = 0; p < actual.length; p++) {
      for (int v = 0; v < actual[p].length; v++) {
        max = Math.max(max, Math.abs(actual[p][v] - rows.get(p).get(v).asDouble()));
      }
    }
    return max;
  }

  @Test
  void configBindsTheGlmKeysAndWritesThemBack() {
    LlamaConfig config = LlamaConfig.load(Fixtures.tinyGlm());
    assertThat(config.architecture()).isEqualTo(LlamaConfig.GLM);
    assertThat(config.family().rotaryPairing()).isEqualTo(ModelFamily.RotaryPairing.INTERLEAVED);
    assertThat(config.headDim()).isEqualTo(16);
    assertThat(config.rotaryDim()).isEqualTo(8);
    assertThat(config.qkvBias()).isTrue();
    assertThat(config.bosTokenId()).isEqualTo(-1);
    assertThat(config.eosTokenIds()).isEqualTo(EOS);
    assertThat(config.rmsNormEps()).isEqualTo(1.5625e-07);
    assertThat(GenerationConfig.load(Fixtures.tinyGlm()).bosTokenId()).isEqualTo(-1);
    ObjectNode json = config.toJson();
    assertThat(json.get("model_type").asText()).isEqualTo("glm");
    assertThat(json.get("partial_rotary_factor").asDouble()).isEqualTo(0.5);
    assertThat(LlamaConfig.fromJson(json)).isEqualTo(config);
    // pairs (0,1), (2,3), ... of the first half rotate with one frequency each; the rest pass
    float[] frequencies = RotaryEmbedding.frequencies(config);
    assertThat(frequencies[0]).isEqualTo(1f).isEqualTo(frequencies[1]);
    assertThat((double) frequencies[2]).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-7));
    assertThat(Arrays.copyOfRange(frequencies, 8, 16)).containsOnly(0f);
  }

  @Test
  void logitsAtEveryPositionMatchTheReference() {
    for (JsonNode sequence : expected) {
      float[][] logits = model.logits(ids(sequence.get("input_ids")));
      assertThat(logits[0]).hasSize(449);
      assertThat(maxError(logits, sequence.get("logits"))).isLessThan(TOLERANCE);
    }
  }

  @Test
  void cachedPrefillAndDecodeStepsMatchTheReferenceLogits() {
    LlamaModel decoder = model.llamaModel();
    for (JsonNode sequence : expected) {
      int[] ids = ids(sequence.get("input_ids"));
      int prefill = ids.length / 2;
      float[][] out = new float[ids.length][];
      try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
          KvCache cache =
              KvCache.allocate(manager, decoder.config(), 1, ids.length, DataType.FLOAT32)) {
        for (int start = 0; start < ids.length; ) {
          int t = start == 0 ? prefill : 1;
          long[] chunk = new long[t];
          long[] positions = new long[t];
          for (int j = 0; j < t; j++) {
            chunk[j] = ids[start + j];
            positions[j] = start + j;
          }
          float[] mask = StaticBatcher.causalMask(new int[] {0}, t, start, start + t);
          try (NDManager step = manager.newSubManager()) {
            NDArray hidden =
                decoder.hidden(
                    step.create(chunk, new Shape(1, t)),
                    step.create(positions, new Shape(1, t)),
                    step.create(mask, new Shape(1, 1, 1, t, start + t)),
                    cache,
                    start);
            float[] flat = decoder.logits(hidden).toFloatArray(); // [1, t, vocab]
            for (int j = 0; j < t; j++) {
              out[start + j] = Arrays.copyOfRange(flat, j * 449, (j + 1) * 449);
            }
          }
          start += t;
        }
      }
      assertThat(maxError(out, sequence.get("logits"))).isLessThan(TOLERANCE);
    }
  }

  private static List<GenerationRequest> requests(SamplingParams sampling) {
    List<GenerationRequest> requests = new ArrayList<>();
    for (JsonNode s : expected) {
      List<Integer> prompt = new ArrayList<>();
      s.get("input_ids").forEach(n -> prompt.add(n.asInt()));
      requests.add(new GenerationRequest(new Prompt.Tokens(prompt), sampling));
    }
    return requests;
  }

  private static List<List<Integer>> tokens(List<GenerationResult> results) {
    List<List<Integer>> tokens = new ArrayList<>();
    for (GenerationResult r : results) {
      for (Completion c : r.completions()) {
        tokens.add(c.tokenIds());
      }
    }
    return tokens;
  }

  private static List<List<Integer>> oneByOne(DjlLlamaModel m, List<GenerationRequest> requests) {
    List<GenerationResult> results = new ArrayList<>();
    for (GenerationRequest r : requests) {
      results.addAll(m.generate(List.of(r)));
    }
    return tokens(results);
  }

  @Test
  void greedyTokensMatchTheReferenceUpToAnEosBatchedOneByOneAndWithoutTheCache() {
    List<GenerationRequest> greedy = requests(SamplingParams.greedy(16));
    List<GenerationResult> batched = model.generate(greedy);
    for (int i = 0; i < greedy.size(); i++) {
      List<Integer> reference = new ArrayList<>();
      for (JsonNode id : expected.get(i).get("greedy_new_ids")) {
        reference.add(id.asInt());
        if (EOS.contains(id.asInt())) {
          break;
        }
      }
      Completion c = batched.get(i).completions().get(0);
      assertThat(c.tokenIds()).as("sequence %s", i).isEqualTo(reference);
      assertThat(c.finishReason())
          .isEqualTo(reference.size() < 16 ? FinishReason.EOS : FinishReason.LENGTH);
    }
    List<GenerationRequest> sampled = requests(SamplingParams.sample(0.9, 0.9, 8, 42).withN(2));
    List<List<Integer>> sampledBatched = tokens(model.generate(sampled));
    assertThat(sampledBatched.stream().distinct().count()).isGreaterThan(3);
    assertThat(oneByOne(model, greedy)).isEqualTo(tokens(batched));
    assertThat(oneByOne(model, sampled)).isEqualTo(sampledBatched);
    try (DjlLlamaModel recompute =
        DjlLlamaModel.load(Fixtures.tinyGlm(), RuntimeOptions.cpu().withKvCache(false))) {
      assertThat(tokens(recompute.generate(greedy))).isEqualTo(tokens(batched));
    }
  }

  @Test
  void scoresAreTheLogSoftmaxOfTheForwardPassAndAnAppendedEosIsTheFirstEosId() {
    List<Integer> prompt = List.of(443, 444, 446, 10);
    String continuation = "a short reply";
    int[] cont = model.tokenizer().encode(continuation, false);
    int[] all = new int[prompt.size() + cont.length + 1];
    for (int i = 0; i < prompt.size(); i++) {
      all[i] = prompt.get(i);
    }
    System.arraycopy(cont, 0, all, prompt.size(), cont.length);
    all[all.length - 1] = EOS.get(0); // <|endoftext|>, the EOS the trainer appends as well
    float[][] logits = model.logits(all);
    ai.spar.llm.SequenceScore score =
        model
            .score(
                List.of(
                    new ai.spar.llm.ScoringRequest(new Prompt.Tokens(prompt), continuation, true)))
            .get(0);
    assertThat(score.tokenLogProbs()).hasSize(cont.length + 1);
    for (int c = 0; c <= cont.length; c++) {
      int position = prompt.size() + c;
      assertThat(score.tokenLogProbs().get(c))
          .as("token %s", c)
          .isCloseTo(
              ai.spar.llm.sampling.Softmax.logProbability(logits[position - 1], all[position]),
              org.assertj.core.data.Offset.offset(TOLERANCE));
    }
  }

  @Test
  void chatTemplateRendersTheGoldenConversationsAndPromptsStartWithGmaskSop() throws IOException {
    TokenizerConfig config = TokenizerConfig.load(Fixtures.tinyGlm());
    assertThat(config.bosToken()).isEmpty();
    ChatTemplate template = ChatTemplate.of(config).orElseThrow();
    JsonNode golden = new ObjectMapper().readTree(Fixtures.read("tiny-glm/expected_chat.json"));
    assertThat(golden.get("cases")).hasSize(3);
    for (JsonNode c : golden.get("cases")) {
      List<ChatMessage> messages = new ArrayList<>();
      c.get("messages")
          .forEach(
              m ->
                  messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText())));
      assertThat(template.render(messages, c.get("add_generation_prompt").asBoolean()))
          .isEqualTo(c.get("rendered").asText());
    }
    int[] ids = model.encode(Prompt.user("hi"));
    assertThat(Arrays.copyOf(ids, 3)).containsExactly(443, 444, 446); // [gMASK] <sop> <|user|>
    assertThat(ids[ids.length - 2]).isEqualTo(447); // <|assistant|>, then the turn's "\n"
  }

  @Test
  void storageTypesAndShardsKeepTheGlmLayoutAndLoadAlike(@TempDir Path dir) throws IOException {
    LlamaConfig config = LlamaConfig.load(Fixtures.tinyGlm());
    GenerationConfig generation = GenerationConfig.load(Fixtures.tinyGlm());
    Map<String, HostTensor> weights = model.llamaModel().weights().toHost();
    assertThat(weights).containsKey("model.layers.1.mlp.up_proj.weight");
    int[] ids = ids(expected.get(2).get("input_ids"));
    JsonNode reference = expected.get(2).get("logits");
    Object[][] variants = {
      {TensorDType.F32, 3, TOLERANCE}, {TensorDType.F16, 1, 0.02}, {TensorDType.BF16, 2, 0.2}
    };
    for (Object[] v : variants) {
      Path out = dir.resolve(v[0] + "-" + v[1]);
      LlamaCheckpointWriter.write(
          out, config, generation, weights, Fixtures.tinyGlm(), (TensorDType) v[0], (int) v[1]);
      assertThat(LlamaConfig.load(out)).isEqualTo(config);
      assertThat(GenerationConfig.load(out)).isEqualTo(generation);
      try (SafetensorsCheckpoint written = SafetensorsCheckpoint.open(out)) {
        assertThat(written.files()).hasSize((int) v[1]);
        assertThat(written.tensors().keySet())
            .containsExactlyInAnyOrderElementsOf(
                readTensorNames(Fixtures.tinyGlm())); // the Hugging Face GLM layout
        assertThat(written.tensors().values())
            .allSatisfy(t -> assertThat(t.dtype()).isEqualTo(v[0]));
      }
      try (DjlLlamaModel variant = DjlLlamaModel.load(out, RuntimeOptions.cpu())) {
        assertThat(maxError(variant.logits(ids), reference))
            .as("%s in %s shards", v[0], v[1])
            .isLessThan((double) v[2]);
      }
    }
    Path half = dir.resolve("converted");
    LlamaCheckpointWriter.convert(Fixtures.tinyGlm(), half, TensorDType.F16, 1);
    try (DjlLlamaModel converted = DjlLlamaModel.load(half, RuntimeOptions.cpu())) {
      assertThat(maxError(converted.logits(ids), reference)).isLessThan(0.02);
    }
  }

  private static List<String> readTensorNames(Path directory) {
    try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(directory)) {
      return List.copyOf(checkpoint.tensors().keySet());
    }
  }

  @Test
  void aRandomGlmCheckpointIsWrittenInTheGlmLayoutAndRuns(@TempDir Path dir) {
    LlamaConfig config =
        new LlamaConfig(
            LlamaConfig.GLM,
            449,
            32,
            48,
            2,
            4,
            2,
            12,
            128,
            1.5625e-07,
            1e4,
            Optional.empty(),
            false,
            true,
            -1,
            EOS,
            0.5);
    assertThat(config.rotaryDim()).isEqualTo(6);
    Path out = dir.resolve("glm");
    LlamaCheckpointWriter.write(
        out,
        config,
        new GenerationConfig(-1, EOS),
        LlamaInitializer.randomWeights(config, 3),
        Fixtures.tinyGlm(),
        TensorDType.F32,
        1);
    assertThat(LlamaConfig.load(out)).isEqualTo(config);
    assertThat(readTensorNames(out))
        .contains("model.layers.1.mlp.gate_up_proj.weight", "model.layers.1.self_attn.v_proj.bias")
        .doesNotContain("model.layers.1.mlp.gate_proj.weight", "model.layers.1.mlp.up_proj.weight");
    try (DjlLlamaModel glm = DjlLlamaModel.load(out, RuntimeOptions.cpu())) {
      GenerationResult r =
          glm.generate(
                  List.of(
                      new GenerationRequest(
                          Prompt.user("hello"), SamplingParams.sample(1.0, 0.9, 5, 1).withN(2))))
              .get(0);
      assertThat(r.completions()).hasSize(2);
      assertThat(r.completions().get(0).logProb()).isNegative();
    }
  }

  @Test
  void aMissingFusedTensorAndAnUnsupportedArchitectureAreNamed(@TempDir Path dir)
      throws IOException {
    Path copy = dir.resolve("model");
    Files.createDirectories(copy);
    for (String f : List.of("config.json", "tokenizer.json", "tokenizer_config.json")) {
      Files.copy(Fixtures.tinyGlm().resolve(f), copy.resolve(f));
    }
    Map<String, HostTensor> weights = model.llamaModel().weights().toHost();
    weights.remove("model.layers.0.mlp.up_proj.weight");
    assertThatThrownBy(
            () ->
                LlamaCheckpointWriter.write(
                    dir.resolve("out"),
                    LlamaConfig.load(Fixtures.tinyGlm()),
                    GenerationConfig.load(Fixtures.tinyGlm()),
                    weights,
                    Fixtures.tinyGlm(),
                    TensorDType.F32,
                    1))
        .hasMessage(
            "tensor model.layers.0.mlp.up_proj.weight must be given to write"
                + " model.layers.0.mlp.gate_up_proj.weight, but was missing");
    ObjectNode glm4 =
        (ObjectNode) new ObjectMapper().readTree(copy.resolve("config.json").toFile());
    glm4.putArray("architectures").add("Glm4ForCausalLM");
    Files.writeString(copy.resolve("config.json"), glm4.toString());
    assertThatThrownBy(() -> DjlLlamaModel.load(copy, RuntimeOptions.cpu()))
        .hasMessageContaining(copy.resolve("config.json").toString())
        .hasMessageContaining(
            "architectures must be one of [LlamaForCausalLM, MistralForCausalLM,"
                + " Qwen2ForCausalLM, GlmForCausalLM], but was: Glm4ForCausalLM");
  }
}
