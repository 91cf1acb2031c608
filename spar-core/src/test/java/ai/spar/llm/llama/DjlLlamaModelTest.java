package ai.spar.llm.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.spar.llm.Completion;
import ai.spar.llm.FinishReason;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.ScoringRequest;
import ai.spar.llm.SequenceScore;
import ai.spar.llm.chat.ChatMessage;
import ai.spar.llm.sampling.GreedySampler;
import ai.spar.llm.sampling.Sampler;
import ai.spar.llm.weights.HostTensor;
import ai.spar.llm.weights.SafetensorsCheckpoint;
import ai.spar.llm.weights.TensorDType;
import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DjlLlamaModelTest {
  private static DjlLlamaModel model;
  private static JsonNode expected;

  @BeforeAll
  static void load() throws IOException {
    model = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu());
    expected =
        new ObjectMapper().readTree(Fixtures.read("tiny-llama/expected.json")).get("sequences");
  }

  @AfterAll
  static void close() {
    model.close();
  }

  private static int[] ids(JsonNode node) {
    return IntStream.range(0, node.size()).map(i -> node.get(i).asInt()).toArray();
  }

  private static List<Integer> list(JsonNode node) {
    List<Integer> out = new ArrayList<>();
    node.forEach(n -> out.add(n.asInt()));
    return out;
  }

  private static List<DecodeRequest> greedyRequests() {
    List<DecodeRequest> requests = new ArrayList<>();
    for (JsonNode s : expected) {
      requests.add(
          new DecodeRequest(
              ids(s.get("input_ids")),
              1,
              0,
              16,
              new GreedySampler(),
              0,
              Set.of(),
              DecodeRequest.StopCondition.NEVER));
    }
    return requests;
  }

  private static void assertGreedyGolden(boolean useCache, boolean batched) {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      StaticBatcher decoder = new StaticBatcher(model.llamaModel(), manager, useCache);
      List<DecodeRequest> requests = greedyRequests();
      List<List<DecodedSample>> results = new ArrayList<>();
      if (batched) {
        results.addAll(decoder.decode(requests));
      } else {
        for (DecodeRequest r : requests) {
          results.addAll(decoder.decode(List.of(r)));
        }
      }
      for (int i = 0; i < requests.size(); i++) {
        DecodedSample sample = results.get(i).get(0);
        assertThat(sample.tokenIds())
            .as("sequence %s", i)
            .isEqualTo(list(expected.get(i).get("greedy_new_ids")));
        assertThat(sample.reason()).isEqualTo(FinishReason.LENGTH);
      }
    }
  }

  @Test
  void greedyContinuationsMatchTheReferenceBatchedWithMixedLengths() {
    assertGreedyGolden(true, true);
  }

  @Test
  void greedyContinuationsMatchTheReferenceOneByOne() {
    assertGreedyGolden(true, false);
  }

  @Test
  void fullRecomputeGivesTheSameTokensAsTheKvCache() {
    assertGreedyGolden(false, true);
  }

  @Test
  void sampledBatchesEqualOneByOneAndCacheEqualsRecompute() {
    Sampler sampler = Sampler.of(new SamplingParams(0.9, 0.9, 0, 12, 1, List.of(), 0));
    List<DecodeRequest> requests = new ArrayList<>();
    for (JsonNode s : expected) {
      requests.add(
          new DecodeRequest(
              ids(s.get("input_ids")),
              3,
              0,
              12,
              sampler,
              42,
              Set.of(446),
              DecodeRequest.StopCondition.NEVER));
    }
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      List<List<DecodedSample>> batched =
          new StaticBatcher(model.llamaModel(), manager, true).decode(requests);
      List<List<DecodedSample>> recomputed =
          new StaticBatcher(model.llamaModel(), manager, false).decode(requests);
      StaticBatcher single = new StaticBatcher(model.llamaModel(), manager, true);
      for (int i = 0; i < requests.size(); i++) {
        DecodeRequest r = requests.get(i);
        for (int sample = 0; sample < 3; sample++) {
          // n samples with a shared prefill = n separate requests with the same seeds
          DecodeRequest alone =
              new DecodeRequest(
                  r.prompt(),
                  1,
                  sample,
                  12,
                  sampler,
                  42,
                  Set.of(446),
                  DecodeRequest.StopCondition.NEVER);
          DecodedSample separate = single.decode(List.of(alone)).get(0).get(0);
          assertThat(batched.get(i).get(sample).tokenIds()).isEqualTo(separate.tokenIds());
          assertThat(batched.get(i).get(sample).logProb())
              .isCloseTo(separate.logProb(), org.assertj.core.data.Offset.offset(1e-4));
          assertThat(recomputed.get(i).get(sample).tokenIds()).isEqualTo(separate.tokenIds());
        }
        assertThat(batched.get(i).stream().map(DecodedSample::tokenIds).distinct().count())
            .isGreaterThan(1);
      }
    }
  }

  @Test
  void generateReturnsResultsInRequestOrderWithPerRequestErrors() {
    JsonNode s = expected.get(0);
    List<Integer> prompt = list(s.get("input_ids"));
    List<GenerationRequest> requests =
        List.of(
            new GenerationRequest(new Prompt.Tokens(prompt), SamplingParams.greedy(600)),
            new GenerationRequest(new Prompt.Tokens(prompt), SamplingParams.greedy(8)),
            new GenerationRequest(Prompt.text(""), SamplingParams.greedy(8)),
            new GenerationRequest(
                new Prompt.Tokens(List.of(442, 5)), SamplingParams.greedy(4).withN(2)));
    List<GenerationResult> results = model.generate(requests);
    assertThat(results.get(0).error())
        .hasValue("prompt of 12 tokens plus maxNewTokens 600 exceeds the context length 512");
    assertThat(results.get(1).isOk()).isTrue();
    assertThat(results.get(1).completions().get(0).tokenIds())
        .isEqualTo(list(s.get("greedy_new_ids")).subList(0, 8));
    assertThat(results.get(1).promptTokens()).isEqualTo(12);
    assertThat(results.get(2).error())
        .hasValue("prompt is empty after templating and tokenization");
    assertThat(results.get(3).completions()).hasSize(2);
    Completion c = results.get(1).completions().get(0);
    assertThat(c.text()).isEqualTo(model.tokenizer().decode(c.tokenIds(), true));
  }

  @Test
  void stopStringsEndTheCompletionAndAreNotReturned() {
    List<Integer> prompt = list(expected.get(2).get("input_ids"));
    GenerationResult full =
        model
            .generate(
                List.of(
                    new GenerationRequest(new Prompt.Tokens(prompt), SamplingParams.greedy(16))))
            .get(0);
    String text = full.completions().get(0).text();
    String stop = text.substring(text.length() / 2, text.length() / 2 + 2);
    GenerationResult stopped =
        model
            .generate(
                List.of(
                    new GenerationRequest(
                        new Prompt.Tokens(prompt),
                        SamplingParams.greedy(16).withStop(List.of(stop)))))
            .get(0);
    Completion c = stopped.completions().get(0);
    assertThat(c.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(c.text()).isEqualTo(text.substring(0, text.indexOf(stop)));
    assertThat(c.tokenIds().size()).isLessThan(16);
  }

  @Test
  void chatPromptsUseTheTemplateWithoutASecondBos() {
    int[] ids = model.encode(Prompt.user("Hi there"));
    assertThat(ids[0]).isEqualTo(442);
    assertThat(ids[1]).isNotEqualTo(442);
    assertThat(model.tokenizer().decode(ids, false))
        .isEqualTo(
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>"
                + "<|start_header_id|>assistant<|end_header_id|>\n\n");
    assertThat(model.info().chatTemplateHash()).hasSize(64);
    assertThat(model.info().vocabSize()).isEqualTo(447);
  }

  @Test
  void scoresAreTheLogSoftmaxOfTheFullForwardPass() {
    List<Integer> prompt = list(expected.get(0).get("input_ids")).subList(0, 5);
    String continuation = "a short reply";
    int[] cont = model.tokenizer().encode(continuation, false);
    int[] all =
        IntStream.concat(prompt.stream().mapToInt(Integer::intValue), IntStream.of(cont)).toArray();
    float[][] logits = model.logits(all);
    List<SequenceScore> scores =
        model.score(
            List.of(
                new ScoringRequest(new Prompt.Tokens(prompt), continuation, false),
                new ScoringRequest(new Prompt.Tokens(List.of(442)), "", false),
                new ScoringRequest(new Prompt.Tokens(List.of(442, 5, 6)), "x".repeat(600), false),
                new ScoringRequest(new Prompt.Tokens(prompt), continuation, true)));
    double sum = 0;
    for (int c = 0; c < cont.length; c++) {
      double lp =
          ai.spar.llm.sampling.Softmax.logProbability(logits[prompt.size() + c - 1], cont[c]);
      assertThat(scores.get(0).tokenLogProbs().get(c))
          .isCloseTo(lp, org.assertj.core.data.Offset.offset(1e-4));
      sum += lp;
    }
    assertThat(scores.get(0).logProb()).isCloseTo(sum, org.assertj.core.data.Offset.offset(1e-3));
    assertThat(scores.get(0).promptTokens()).isEqualTo(5);
    assertThat(scores.get(1).tokenLogProbs()).isEmpty();
    assertThat(scores.get(2).error().orElseThrow()).contains("exceed the context length 512");
    assertThat(scores.get(3).tokenLogProbs()).hasSize(cont.length + 1);
    assertThat(scores.get(3).tokenLogProbs().subList(0, cont.length))
        .usingElementComparator((x, y) -> Math.abs(x - y) < 1e-4 ? 0 : 1)
        .isEqualTo(scores.get(0).tokenLogProbs());
  }

  @Test
  void checkpointVariantsLoadAlike(@TempDir Path dir) {
    Map<String, HostTensor> weights = new LinkedHashMap<>();
    try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(Fixtures.tinyLlama())) {
      for (String name : checkpoint.tensors().keySet()) {
        weights.put(
            name,
            HostTensor.of(
                checkpoint.readFloat32(name).shape(), checkpoint.readFloat32(name).toFloatArray()));
      }
    }
    LlamaConfig config = LlamaConfig.load(Fixtures.tinyLlama());
    GenerationConfig generation = GenerationConfig.load(Fixtures.tinyLlama());
    int[] ids = ids(expected.get(2).get("input_ids"));
    float[][] reference = model.logits(ids);
    Object[][] variants = {
      {TensorDType.F32, 3, 0.0}, {TensorDType.F16, 1, 0.02}, {TensorDType.BF16, 2, 0.3}
    };
    for (Object[] v : variants) {
      Path out = dir.resolve(v[0] + "-" + v[1]);
      LlamaCheckpointWriter.write(
          out, config, generation, weights, Fixtures.tinyLlama(), (TensorDType) v[0], (int) v[1]);
      try (DjlLlamaModel variant = DjlLlamaModel.load(out, RuntimeOptions.cpu())) {
        float[][] logits = variant.logits(ids);
        double maxError = 0;
        for (int p = 0; p < ids.length; p++) {
          for (int k = 0; k < logits[p].length; k++) {
            maxError = Math.max(maxError, Math.abs(logits[p][k] - reference[p][k]));
          }
        }
        assertThat(maxError).as("%s in %s shards", v[0], v[1]).isLessThanOrEqualTo((double) v[2]);
      }
    }
  }

  @Test
  void convertRewritesTheWeightsInAnotherDtypeAndKeepsTheRest(@TempDir Path dir)
      throws IOException {
    Path half = dir.resolve("half");
    LlamaConfig config =
        LlamaCheckpointWriter.convert(Fixtures.tinyLlama(), half, TensorDType.F16, 1);
    assertThat(config).isEqualTo(LlamaConfig.load(Fixtures.tinyLlama()));
    assertThat(GenerationConfig.load(half)).isEqualTo(GenerationConfig.load(Fixtures.tinyLlama()));
    assertThat(half.resolve("tokenizer.json"))
        .hasSameBinaryContentAs(Fixtures.tinyLlama().resolve("tokenizer.json"));
    try (SafetensorsCheckpoint written = SafetensorsCheckpoint.open(half)) {
      assertThat(written.tensors().values())
          .isNotEmpty()
          .allSatisfy(t -> assertThat(t.dtype()).isEqualTo(TensorDType.F16));
    }
    assertThat(
            new ObjectMapper()
                .readTree(half.resolve("config.json").toFile())
                .get("torch_dtype")
                .asText())
        .isEqualTo("float16");
    int[] ids = ids(expected.get(2).get("input_ids"));
    float[][] reference = model.logits(ids);
    try (DjlLlamaModel converted = DjlLlamaModel.load(half, RuntimeOptions.cpu())) {
      float[][] logits = converted.logits(ids);
      for (int p = 0; p < ids.length; p++) {
        for (int k = 0; k < logits[p].length; k++) {
          assertThat(Math.abs(logits[p][k] - reference[p][k])).isLessThanOrEqualTo(0.02f);
        }
      }
    }
    assertThatThrownBy(
            () -> LlamaCheckpointWriter.convert(half, half.resolve("."), TensorDType.F32, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            half.resolve(".") + ": the output directory must differ from the model directory");
  }

  @Test
  void initializedModelsAreReproducibleAndRunnable(@TempDir Path dir) {
    LlamaConfig config =
        new LlamaConfig(
            LlamaConfig.QWEN2,
            447,
            32,
            48,
            2,
            4,
            2,
            8,
            128,
            1e-6,
            1e6,
            java.util.Optional.empty(),
            true,
            true,
            442,
            List.of(446),
            1.0);
    Map<String, HostTensor> a = LlamaInitializer.randomWeights(config, 3);
    Map<String, HostTensor> b = LlamaInitializer.randomWeights(config, 3);
    assertThat(a.keySet())
        .contains("model.layers.0.self_attn.q_proj.bias")
        .doesNotContain(LlamaWeights.LM_HEAD);
    assertThat(a.get(LlamaWeights.EMBED).toFloatArray())
        .containsExactly(b.get(LlamaWeights.EMBED).toFloatArray());
    Path out = dir.resolve("qwen");
    LlamaCheckpointWriter.write(
        out,
        config,
        new GenerationConfig(442, List.of(446)),
        a,
        Fixtures.tinyLlama(),
        TensorDType.F32,
        1);
    try (DjlLlamaModel qwen = DjlLlamaModel.load(out, RuntimeOptions.cpu())) {
      GenerationResult r =
          qwen.generate(
                  List.of(
                      new GenerationRequest(
                          Prompt.user("hello"), SamplingParams.sample(1.0, 0.9, 5, 1).withN(2))))
              .get(0);
      assertThat(r.completions()).hasSize(2);
      assertThat(r.completions().get(0).logProb()).isNegative();
    }
    assertThat(LlamaConfig.load(out)).isEqualTo(config);
  }

  @Test
  void computeTypeDefaultsToFloat32OnCpu() {
    assertThat(model.llamaModel().dtype()).isEqualTo(DataType.FLOAT32);
  }

  @Test
  void badRuntimeOptionsAreNamed() {
    assertThatThrownBy(() -> RuntimeOptions.cpu().withDevice("tpu"))
        .hasMessageContaining("device must be cpu, gpu:N or auto, but was: tpu");
    assertThatThrownBy(() -> RuntimeOptions.cpu().withDtype(TensorDType.BF16))
        .hasMessageContaining("bf16");
  }

  @Test
  void decodeRequestsMayNotAskForChatWithoutTemplate() {
    assertThat(model.encode(Prompt.chat(List.of(ChatMessage.user("x"))))).isNotEmpty();
  }
}
