package ai.spar.llm.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.ScoringRequest;
import ai.spar.llm.SequenceScore;
import ai.spar.llm.chat.ChatMessage;
import ai.spar.llm.llama.ContinuousGenerationService;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.serve.OpenAiServer;
import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class OpenAiCompletionsModelTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static URI v1(int port) {
    return URI.create("http://127.0.0.1:" + port + "/v1");
  }

  @Test
  void generatesOverSparServeWhatTheInJvmModelGeneratesForTheSameSeeds() throws IOException {
    List<GenerationRequest> requests = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      SamplingParams sampling =
          new SamplingParams(
              0.9, 0.95, 0, 6 + 3 * i, 1 + i % 3, i % 2 == 0 ? List.of() : List.of("e"), 40 + i);
      Prompt prompt =
          i % 2 == 0
              ? Prompt.user("Instruction number " + i)
              : Prompt.chat(
                  List.of(ChatMessage.system("Be brief."), ChatMessage.user("Refine answer " + i)));
      requests.add(new GenerationRequest(prompt, sampling));
    }
    requests.add(new GenerationRequest(Prompt.text("raw text prompt"), SamplingParams.greedy(8)));
    try (DjlLlamaModel served = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu());
        DjlLlamaModel reference = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu());
        OpenAiServer server =
            OpenAiServer.start(ContinuousGenerationService.start(served, 64), "127.0.0.1", 0);
        OpenAiCompletionsModel http =
            OpenAiCompletionsModel.connect(OpenAiSettings.of(List.of(v1(server.port()))))) {
      assertThat(http.info().id()).isEqualTo("tiny-llama");
      assertThat(http.info().weightsHash()).isEqualTo("openai");
      assertThat(http.info().contextLength()).isEqualTo(512);
      List<GenerationResult> expected = reference.generate(requests);
      List<GenerationResult> actual = http.generate(requests);
      for (int i = 0; i < requests.size(); i++) {
        assertThat(actual.get(i).texts()).as("request %s", i).isEqualTo(expected.get(i).texts());
        assertThat(actual.get(i).promptTokens()).isEqualTo(expected.get(i).promptTokens());
        for (int s = 0; s < expected.get(i).completions().size(); s++) {
          assertThat(actual.get(i).completions().get(s).finishReason())
              .isEqualTo(expected.get(i).completions().get(s).finishReason());
        }
      }
    }
  }

  /**
   * Scoring over HTTP: {@code spar serve} answers {@code echo} + {@code logprobs} + {@code
   * max_tokens: 0}, and the backend's sums over the continuation's tokens equal the in-JVM scorer's
   * within 1e-4 nats per sequence (float32 forward passes of different batch shapes: the in-JVM
   * scorer right-pads a batch, the server runs each sequence alone).
   */
  @Test
  void scoresOverSparServeWhatTheInJvmModelScores() throws IOException {
    List<ScoringRequest> requests =
        List.of(
            new ScoringRequest(Prompt.text("The answer is"), " yes, it is.", false),
            new ScoringRequest(
                Prompt.text("Write a haiku about rain"), " Rain falls softly", false),
            new ScoringRequest(Prompt.text("One two"), "", false),
            new ScoringRequest(Prompt.text("Count:"), " 1 2 3 4 5 6 7 8 9 10", false));
    try (DjlLlamaModel served = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu());
        DjlLlamaModel reference = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu());
        OpenAiServer server =
            OpenAiServer.start(ContinuousGenerationService.start(served, 64), "127.0.0.1", 0);
        OpenAiCompletionsModel http =
            OpenAiCompletionsModel.connect(OpenAiSettings.of(List.of(v1(server.port()))))) {
      List<SequenceScore> expected = reference.score(requests);
      List<SequenceScore> actual = http.score(requests);
      for (int i = 0; i < requests.size(); i++) {
        SequenceScore e = expected.get(i);
        SequenceScore a = actual.get(i);
        assertThat(a.error()).as("request %s", i).isEmpty();
        assertThat(a.promptTokens()).as("request %s", i).isEqualTo(e.promptTokens());
        assertThat(a.tokenLogProbs()).as("request %s", i).hasSameSizeAs(e.tokenLogProbs());
        assertThat(a.logProb()).as("request %s", i).isCloseTo(e.logProb(), within(1e-4));
        for (int t = 0; t < e.tokenLogProbs().size(); t++) {
          assertThat(a.tokenLogProbs().get(t))
              .as("request %s token %s", i, t)
              .isCloseTo(e.tokenLogProbs().get(t), within(1e-4));
        }
      }
      assertThat(expected.get(0).tokenLogProbs()).isNotEmpty();
      assertThat(actual.get(2).logProb()).isZero(); // an empty continuation
    }
  }

  @Test
  void scoringAgainstAServerWithoutEchoNamesTheServerAndTheCapability() throws IOException {
    try (FaultyServer faulty = new FaultyServer();
        OpenAiCompletionsModel http =
            OpenAiCompletionsModel.connect(OpenAiSettings.of(List.of(v1(faulty.port()))))) {
      List<SequenceScore> scores =
          http.score(
              List.of(
                  new ScoringRequest(Prompt.text("a"), " b", false),
                  new ScoringRequest(Prompt.text("no-logprobs"), " b", false)));
      assertThat(scores.get(0).error())
          .hasValue(
              "server "
                  + v1(faulty.port())
                  + " does not support scoring (completions with echo, logprobs and max_tokens 0):"
                  + " server "
                  + v1(faulty.port())
                  + " answered HTTP 400: Echo is not supported with this model");
      assertThat(scores.get(1).error())
          .hasValue(
              "server "
                  + v1(faulty.port())
                  + " does not support scoring (completions with echo, logprobs and max_tokens 0):"
                  + " its echo answer has no token_logprobs/text_offset");
    }
  }

  /**
   * A server whose answers depend on the prompt: {@code flaky-*} fails with a 500, then drops the
   * connection, then stalls past the client's timeout, then answers; {@code broken-*} always 500s;
   * anything else answers at once. Answers echo the prompt, so a mixed-up answer would show.
   */
  private static final class FaultyServer implements AutoCloseable {
    final HttpServer http;
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    final List<String> authorizations = java.util.Collections.synchronizedList(new ArrayList<>());

    FaultyServer() throws IOException {
      http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
      http.setExecutor(Executors.newCachedThreadPool());
      http.createContext("/v1/models", e -> send(e, 200, "{\"data\":[{\"id\":\"faulty\"}]}"));
      http.createContext("/v1/completions", this::complete);
      http.start();
    }

    int port() {
      return http.getAddress().getPort();
    }

    private void complete(HttpExchange e) throws IOException {
      JsonNode body = JSON.readTree(e.getRequestBody());
      authorizations.add(String.valueOf(e.getRequestHeaders().getFirst("Authorization")));
      String prompt = body.get("prompt").asText();
      if (body.path("echo").asBoolean(false)) {
        if (prompt.startsWith("no-logprobs")) {
          send(e, 200, "{\"choices\":[{\"index\":0,\"text\":\"x\",\"logprobs\":null}]}");
        } else {
          send(e, 400, "{\"error\":{\"message\":\"Echo is not supported with this model\"}}");
        }
        return;
      }
      int attempt = attempts.computeIfAbsent(prompt, p -> new AtomicInteger()).incrementAndGet();
      if (prompt.startsWith("broken")) {
        send(e, 500, "{\"error\":{\"message\":\"out of memory\"}}");
      } else if (prompt.startsWith("flaky") && attempt == 1) {
        send(e, 500, "{\"error\":{\"message\":\"overloaded\"}}");
      } else if (prompt.startsWith("flaky") && attempt == 2) {
        e.close(); // the connection drops without an answer
      } else if (prompt.startsWith("flaky") && attempt == 3) {
        try {
          Thread.sleep(1500); // past the client's timeout
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
        e.close();
      } else {
        send(
            e,
            200,
            "{\"choices\":[{\"index\":0,\"text\":\"answer to "
                + prompt
                + "\",\"finish_reason\":\"length\"}],\"usage\":{\"prompt_tokens\":3}}");
      }
    }

    private static void send(HttpExchange e, int status, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      e.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = e.getResponseBody()) {
        out.write(bytes);
      }
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }

  @Test
  void faultsAreRetriedOrBecomeErrorResultsAndNoAnswerIsLostOrMixedUp() throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort(); // nothing listens there once closed
    }
    try (FaultyServer faulty = new FaultyServer();
        OpenAiCompletionsModel http =
            OpenAiCompletionsModel.connect(
                OpenAiSettings.of(List.of(v1(deadPort), v1(faulty.port())))
                    .withApiKey(Optional.of("sk-secret"))
                    .withRetries(8, Duration.ofMillis(5), Duration.ofMillis(500)))) {
      List<GenerationRequest> requests = new ArrayList<>();
      List<String> prompts = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        prompts.add((i % 3 == 0 ? "flaky-" : i == 5 ? "broken-" : "fine-") + i);
      }
      for (String p : prompts) {
        requests.add(new GenerationRequest(Prompt.text(p), SamplingParams.greedy(4)));
      }
      List<GenerationResult> results = http.generate(requests);
      for (int i = 0; i < prompts.size(); i++) {
        if (i == 5) {
          assertThat(results.get(i).error().orElseThrow())
              .contains("answered HTTP 500: out of memory (gave up after 8 attempts)");
        } else {
          assertThat(results.get(i).texts()).containsExactly("answer to " + prompts.get(i));
        }
      }
      assertThat(faulty.attempts.get("flaky-0").get()).isEqualTo(4);
      assertThat(faulty.authorizations).allMatch("Bearer sk-secret"::equals);
      assertThat(http.settings().toString()).doesNotContain("sk-secret").contains("apiKey=<set>");
    }
  }

  @Test
  void connectingNamesEveryEndpointThatDidNotAnswer() throws Exception {
    int deadPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      deadPort = socket.getLocalPort();
    }
    assertThatThrownBy(
            () ->
                OpenAiCompletionsModel.connect(
                    OpenAiSettings.of(List.of(v1(deadPort)))
                        .withRetries(1, Duration.ZERO, Duration.ofSeconds(2))))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("no OpenAI-compatible endpoint answered: [" + v1(deadPort) + ": ");
    assertThatThrownBy(() -> OpenAiSettings.of(List.of(URI.create("ftp://x/v1"))))
        .hasMessage(
            "endpoints must be http(s) URLs such as http://host:8000/v1, but one was: ftp://x/v1");
  }
}
