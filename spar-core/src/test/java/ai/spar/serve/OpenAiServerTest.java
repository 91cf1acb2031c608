package ai.spar.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.GenerationService;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.llama.ContinuousGenerationService;
import ai.spar.llm.llama.DecodeStats;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code spar serve} on 127.0.0.1 with the tiny fixture model: real sockets, real JSON. */
class OpenAiServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static DjlLlamaModel served;
  private static DjlLlamaModel reference;
  private static ContinuousGenerationService service;
  private static OpenAiServer server;

  @BeforeAll
  static void start() throws Exception {
    served = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu());
    reference = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu());
    service = ContinuousGenerationService.start(served, 64);
    server = OpenAiServer.start(service, "127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    server.close();
    served.close();
    reference.close();
  }

  static HttpResponse<String> post(int port, String path, String body) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode postOk(String path, String body) throws Exception {
    HttpResponse<String> response = post(server.port(), path, body);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static List<String> texts(JsonNode response, boolean chat) {
    List<String> texts = new ArrayList<>();
    for (JsonNode choice : response.get("choices")) {
      texts.add(chat ? choice.get("message").get("content").asText() : choice.get("text").asText());
    }
    return texts;
  }

  private static String id() {
    return served.info().id();
  }

  @Test
  void modelsListsTheServedModel() throws Exception {
    HttpResponse<String> response =
        CLIENT.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/v1/models"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    JsonNode data = JSON.readTree(response.body()).get("data");
    assertThat(data).hasSize(1);
    assertThat(data.get(0).get("id").asText()).isEqualTo("tiny-llama");
    assertThat(data.get(0).get("max_model_len").asInt()).isEqualTo(512);
  }

  @Test
  void aSeededCompletionIsTheInJvmModelsTextEveryTime() throws Exception {
    String body =
        "{\"model\":\"tiny-llama\",\"prompt\":\"Hello there\",\"max_tokens\":12,"
            + "\"temperature\":0.8,\"n\":2,\"seed\":7}";
    JsonNode first = postOk("/v1/completions", body);
    JsonNode second = postOk("/v1/completions", body);
    GenerationResult expected =
        reference
            .generate(
                List.of(
                    new GenerationRequest(
                        Prompt.text("Hello there"),
                        new SamplingParams(0.8, 1, 0, 12, 2, List.of(), 7))))
            .get(0);
    assertThat(texts(first, false)).isEqualTo(expected.texts()).isEqualTo(texts(second, false));
    assertThat(first.get("object").asText()).isEqualTo("text_completion");
    assertThat(first.get("usage").get("prompt_tokens").asInt()).isEqualTo(expected.promptTokens());
    assertThat(first.get("choices").get(1).get("index").asInt()).isEqualTo(1);
  }

  @Test
  void concurrentClientsAreDecodedTogetherAndGetTheirOwnText() throws Exception {
    DecodeStats before = service.decodeStats();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    List<GenerationRequest> expectedRequests = new ArrayList<>();
    for (int c = 0; c < 6; c++) {
      String prompt = "client " + c + " asks".repeat(c + 1);
      int maxTokens = 8 + 5 * c;
      calls.add(
          CLIENT.sendAsync(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + server.port() + "/v1/completions"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          JSON.createObjectNode()
                              .put("prompt", prompt)
                              .put("max_tokens", maxTokens)
                              .put("seed", 100 + c)
                              .toString()))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
      expectedRequests.add(
          new GenerationRequest(
              Prompt.text(prompt), new SamplingParams(1, 1, 0, maxTokens, 1, List.of(), 100 + c)));
    }
    List<GenerationResult> expected = reference.generate(expectedRequests);
    for (int c = 0; c < 6; c++) {
      HttpResponse<String> response = calls.get(c).join();
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(texts(JSON.readTree(response.body()), false)).isEqualTo(expected.get(c).texts());
    }
    DecodeStats during = service.decodeStats().minus(before);
    assertThat(during.stepRows())
        .as("rows per decode step > 1: requests shared steps")
        .isGreaterThan(during.decodeSteps());
  }

  @Test
  void chatCompletionsUseTheModelsTemplate() throws Exception {
    JsonNode response =
        postOk(
            "/v1/chat/completions",
            "{\"model\":\"tiny-llama\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"max_tokens\":10,\"seed\":3,\"temperature\":0.7}");
    GenerationResult expected =
        reference
            .generate(
                List.of(
                    new GenerationRequest(
                        Prompt.user("Hi"), new SamplingParams(0.7, 1, 0, 10, 1, List.of(), 3))))
            .get(0);
    assertThat(response.get("object").asText()).isEqualTo("chat.completion");
    assertThat(texts(response, true)).isEqualTo(expected.texts());
    assertThat(response.get("choices").get(0).get("message").get("role").asText())
        .isEqualTo("assistant");
  }

  @Test
  void streamingSendsTheSameTextAsEventsEndingInDone() throws Exception {
    String body =
        "{\"prompt\":\"Once upon\",\"max_tokens\":16,\"n\":3,\"seed\":11,\"stop\":[\"e\"]";
    JsonNode whole = postOk("/v1/completions", body + "}");
    HttpResponse<String> stream =
        post(server.port(), "/v1/completions", body + ",\"stream\":true}");
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type")).hasValue("text/event-stream");
    List<String> events =
        stream.body().lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
    assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
    Map<Integer, StringBuilder> text = new TreeMap<>();
    Map<Integer, String> finish = new TreeMap<>();
    for (String event : events.subList(0, events.size() - 1)) {
      JsonNode choice = JSON.readTree(event).get("choices").get(0);
      int index = choice.get("index").asInt();
      text.computeIfAbsent(index, i -> new StringBuilder()).append(choice.get("text").asText());
      if (!choice.get("finish_reason").isNull()) {
        finish.put(index, choice.get("finish_reason").asText());
      }
    }
    assertThat(text.values().stream().map(StringBuilder::toString).toList())
        .isEqualTo(texts(whole, false));
    assertThat(finish).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(finish.get(i))
          .isEqualTo(whole.get("choices").get(i).get("finish_reason").asText());
    }
  }

  @Test
  void badRequestsGetOpenAiErrorsNamingTheProblem() throws Exception {
    HttpResponse<String> otherModel =
        post(server.port(), "/v1/completions", "{\"model\":\"gpt-4\",\"prompt\":\"x\"}");
    assertThat(otherModel.statusCode()).isEqualTo(404);
    assertThat(JSON.readTree(otherModel.body()).get("error").get("message").asText())
        .isEqualTo("the model `gpt-4` does not exist; this server serves tiny-llama");
    HttpResponse<String> tooLong =
        post(server.port(), "/v1/completions", "{\"prompt\":\"x\",\"max_tokens\":600}");
    assertThat(tooLong.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(tooLong.body()).get("error").get("message").asText())
        .startsWith("prompt of ")
        .endsWith("plus maxNewTokens 600 exceeds the context length 512");
    HttpResponse<String> badTemperature =
        post(server.port(), "/v1/completions", "{\"prompt\":\"x\",\"temperature\":-1}");
    assertThat(badTemperature.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(badTemperature.body()).get("error").get("message").asText())
        .isEqualTo("temperature must be a finite number >= 0, but was: -1.0");
    HttpResponse<String> echo =
        post(server.port(), "/v1/completions", "{\"prompt\":\"x\",\"echo\":true,\"logprobs\":1}");
    assertThat(echo.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(echo.body()).get("error").get("message").asText())
        .isEqualTo(
            "echo with generation is not supported by spar serve: send max_tokens: 0 to score the"
                + " prompt, but max_tokens was: 16");
    HttpResponse<String> logprobs =
        post(server.port(), "/v1/completions", "{\"prompt\":\"x\",\"logprobs\":1}");
    assertThat(logprobs.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(logprobs.body()).get("error").get("param").asText())
        .isEqualTo("logprobs");
  }

  /** The answer vLLM gives to echo + logprobs + max_tokens 0: the prompt tokens' log-probs. */
  @Test
  void echoWithLogprobsAndNoNewTokensScoresThePromptAsVllmDoes() throws Exception {
    String prompt = "The answer is yes";
    JsonNode answer =
        postOk(
            "/v1/completions",
            "{\"prompt\":\""
                + prompt
                + "\",\"echo\":true,\"logprobs\":3,\"max_tokens\":0,\"temperature\":0}");
    JsonNode choice = answer.get("choices").get(0);
    assertThat(choice.get("text").asText()).isEqualTo(prompt);
    assertThat(choice.get("finish_reason").asText()).isEqualTo("length");
    JsonNode logprobs = choice.get("logprobs");
    int[] ids = served.tokenizer().encode(prompt, true);
    assertThat(answer.get("usage").get("prompt_tokens").asInt()).isEqualTo(ids.length);
    assertThat(answer.get("usage").get("completion_tokens").asInt()).isZero();
    assertThat(logprobs.get("tokens")).hasSize(ids.length);
    assertThat(logprobs.get("token_logprobs").get(0).isNull()).isTrue();
    assertThat(logprobs.get("top_logprobs").get(0).isNull()).isTrue();
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < ids.length; i++) {
      assertThat(logprobs.get("text_offset").get(i).asInt()).isEqualTo(joined.length());
      joined.append(logprobs.get("tokens").get(i).asText());
      if (i > 0) {
        double lp = logprobs.get("token_logprobs").get(i).asDouble();
        assertThat(lp).isNegative();
        JsonNode top = logprobs.get("top_logprobs").get(i);
        assertThat(top.size()).isBetween(1, 3);
        assertThat(top.elements().next().asDouble()).isGreaterThanOrEqualTo(lp - 1e-6);
      }
    }
    assertThat(joined.toString()).isEqualTo(prompt);
    float[][] logits = reference.logits(ids);
    double expected = ai.spar.llm.sampling.Softmax.logProbability(logits[0], ids[1]);
    assertThat(logprobs.get("token_logprobs").get(1).asDouble())
        .isCloseTo(expected, org.assertj.core.data.Offset.offset(1e-4));
  }

  @Test
  void theServiceRefusesRequestsBeyondItsQueue() {
    try (DjlLlamaModel model = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu());
        ContinuousGenerationService small = ContinuousGenerationService.start(model, 1)) {
      GenerationRequest slow = new GenerationRequest(Prompt.text("a"), SamplingParams.greedy(300));
      CompletableFuture<GenerationResult> first = small.submit(slow, null);
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> small.submit(slow, null))
          .isInstanceOfSatisfying(
              GenerationService.Rejected.class,
              e -> assertThat(e.reason()).isEqualTo(GenerationService.Rejected.Reason.FULL))
          .hasMessage("the server is busy: 1 requests are queued or running; retry later");
      assertThat(first.join().completions().get(0).completionTokens()).isEqualTo(300);
    }
  }
}
