package ai.spar.llm.openai;

import ai.spar.llm.Completion;
import ai.spar.llm.FinishReason;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.ModelInfo;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.ScoringRequest;
import ai.spar.llm.SequenceScore;
import ai.spar.llm.chat.ChatMessage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LanguageModel} over OpenAI-compatible servers. Chat prompts go to {@code
 * /v1/chat/completions} (the server applies the model's chat template, as the in-JVM runtime does),
 * text and token prompts to {@code /v1/completions}; {@code n}, {@code temperature}, {@code top_p},
 * {@code top_k} (when set), {@code max_tokens}, {@code seed} and {@code stop} are sent as given, so
 * the job's derived seeds reach the server.
 *
 * <p>Requests of a batch run concurrently, at most {@link OpenAiSettings#maxConcurrency()} per
 * endpoint, spread round-robin over the endpoints. A 429, a 5xx, a reset connection or a timeout is
 * retried with exponential backoff and jitter (on another endpoint where there is one; an endpoint
 * that failed is skipped with a warning for {@link OpenAiSettings#unhealthyFor()}); other answers
 * and exhausted retries become that request's error result, never a failed batch. Completions carry
 * no token ids (the API returns text) and a NaN log-probability; a result counts the generated
 * tokens the server reported in {@code usage.completion_tokens}.
 *
 * <p>Scoring sends prompt + continuation with {@code echo}, {@code logprobs} and {@code max_tokens:
 * 0} (as {@code spar serve} and vLLM answer it) and sums the continuation tokens' log-probabilities
 * by {@code text_offset}; a server that refuses that gives error results naming the server and the
 * capability. Thread-safe; closing stops the request threads.
 */
public final class OpenAiCompletionsModel implements LanguageModel {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompletionsModel.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The backend name recorded as the weights hash of the model's {@link ModelInfo}. */
  public static final String BACKEND = "openai";

  private final OpenAiSettings settings;
  private final HttpClient http;
  private final ExecutorService pool;
  private final List<Endpoint> endpoints = new ArrayList<>();
  private final AtomicInteger next = new AtomicInteger();
  private final ModelInfo info;

  private static final class Endpoint {
    final URI base;
    final Semaphore slots;
    final AtomicInteger failures = new AtomicInteger(); // consecutive, reset by a success
    volatile long unhealthyUntil;

    Endpoint(URI base, int concurrency) {
      this.base = base;
      this.slots = new Semaphore(concurrency);
    }
  }

  /** An HTTP exchange's outcome: a 200 body, or why not (and whether to retry). */
  private record Answer(JsonNode body, int status, String problem, URI endpoint) {
    boolean ok() {
      return body != null;
    }
  }

  private OpenAiCompletionsModel(OpenAiSettings settings, HttpClient http, ModelInfo info) {
    this.settings = settings;
    this.http = http;
    this.info = info;
    for (URI uri : settings.endpoints()) {
      endpoints.add(new Endpoint(uri, settings.maxConcurrency()));
    }
    int threads = settings.maxConcurrency() * settings.endpoints().size();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "spar-openai-client");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Connects: asks the endpoints' {@code /models} for the served model (the configured name, else
   * the first listed) and its context length.
   *
   * @throws IllegalStateException naming every endpoint and why none answered
   */
  public static OpenAiCompletionsModel connect(OpenAiSettings settings) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    List<String> problems = new ArrayList<>();
    for (URI base : settings.endpoints()) {
      try {
        HttpRequest.Builder request =
            HttpRequest.newBuilder(URI.create(base + "/models")).timeout(settings.timeout()).GET();
        settings.apiKey().ifPresent(k -> request.header("Authorization", "Bearer " + k));
        HttpResponse<String> response =
            http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          problems.add(base + ": HTTP " + response.statusCode());
          continue;
        }
        JsonNode data = JSON.readTree(response.body()).path("data");
        JsonNode chosen = null;
        for (JsonNode m : data) {
          if (settings.model().isEmpty() || settings.model().equals(m.path("id").asText())) {
            chosen = m;
            break;
          }
        }
        if (chosen == null) {
          problems.add(base + ": serves no model named '" + settings.model() + "'");
          continue;
        }
        String name = chosen.path("id").asText();
        int context = chosen.path("max_model_len").asInt(Integer.MAX_VALUE);
        LOG.info(
            "using model {} of {} endpoint(s), first {}", name, settings.endpoints().size(), base);
        return new OpenAiCompletionsModel(
            settings.withModel(name),
            http,
            new ModelInfo(name, BACKEND, context, Integer.MAX_VALUE, ""));
      } catch (IOException e) {
        problems.add(base + ": " + e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while connecting to " + base, e);
      }
    }
    throw new IllegalStateException("no OpenAI-compatible endpoint answered: " + problems);
  }

  @Override
  public List<GenerationResult> generate(List<GenerationRequest> requests) {
    List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
    for (GenerationRequest r : requests) {
      futures.add(CompletableFuture.supplyAsync(() -> generateOne(r), pool));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  private GenerationResult generateOne(GenerationRequest request) {
    SamplingParams s = request.sampling();
    ObjectNode body = JSON.createObjectNode().put("model", info.id());
    String path;
    if (request.prompt() instanceof Prompt.Chat chat) {
      if (!chat.addGenerationPrompt()) {
        return GenerationResult.failed(
            "chat prompts without a generation prompt cannot be sent to an OpenAI-compatible"
                + " server");
      }
      ArrayNode messages = body.putArray("messages");
      for (ChatMessage m : chat.messages()) {
        messages.addObject().put("role", m.role()).put("content", m.content());
      }
      path = "/chat/completions";
    } else if (request.prompt() instanceof Prompt.Text text) {
      body.put("prompt", text.text());
      path = "/completions";
    } else {
      ArrayNode ids = body.putArray("prompt");
      ((Prompt.Tokens) request.prompt()).ids().forEach(ids::add);
      path = "/completions";
    }
    body.put("n", s.n())
        .put("temperature", s.temperature())
        .put("top_p", s.topP())
        .put("max_tokens", s.maxNewTokens())
        .put("seed", s.seed());
    if (s.topK() > 0) {
      body.put("top_k", s.topK());
    }
    if (!s.stop().isEmpty()) {
      s.stop().forEach(body.putArray("stop")::add);
    }
    Answer answer = call(path, body);
    if (!answer.ok()) {
      return GenerationResult.failed(answer.problem());
    }
    JsonNode choices = answer.body().path("choices");
    Completion[] completions = new Completion[s.n()];
    for (JsonNode choice : choices) {
      int index = choice.path("index").asInt(-1);
      if (index < 0 || index >= s.n()) {
        return GenerationResult.failed(answer.endpoint() + ": answer has a choice index " + index);
      }
      String text =
          path.equals("/completions")
              ? choice.path("text").asText()
              : choice.path("message").path("content").asText("");
      completions[index] =
          new Completion(
              text, List.of(), finishReason(choice.path("finish_reason").asText(), s), Double.NaN);
    }
    for (int i = 0; i < s.n(); i++) {
      if (completions[i] == null) {
        return GenerationResult.failed(
            answer.endpoint() + ": answer has " + choices.size() + " choices, expected " + s.n());
      }
    }
    JsonNode usage = answer.body().path("usage");
    return GenerationResult.ok(
        List.of(completions),
        usage.path("prompt_tokens").asInt(0),
        Math.max(0, usage.path("completion_tokens").asLong(0)));
  }

  private static FinishReason finishReason(String reason, SamplingParams s) {
    if ("length".equals(reason)) {
      return FinishReason.LENGTH;
    }
    return s.stop().isEmpty() ? FinishReason.EOS : FinishReason.STOP;
  }

  @Override
  public List<SequenceScore> score(List<ScoringRequest> requests) {
    List<CompletableFuture<SequenceScore>> futures = new ArrayList<>();
    for (ScoringRequest r : requests) {
      futures.add(CompletableFuture.supplyAsync(() -> scoreOne(r), pool));
    }
    return futures.stream().map(CompletableFuture::join).toList();
  }

  /**
   * Scores a continuation as vLLM-style servers allow: prompt + continuation sent as one text with
   * {@code echo}, {@code logprobs: 1} and {@code max_tokens: 0}; the tokens whose {@code
   * text_offset} lies in the continuation are summed. The server tokenizes the joined text, so the
   * boundary must fall between two tokens (a token spanning it is an error result, not a guess).
   */
  private SequenceScore scoreOne(ScoringRequest request) {
    if (!(request.prompt() instanceof Prompt.Text text) || request.appendEos()) {
      return SequenceScore.failed(
          "scoring over HTTP needs a text prompt without an appended EOS (the server's"
              + " tokenizer and template are not visible here)");
    }
    ObjectNode body =
        JSON.createObjectNode()
            .put("model", info.id())
            .put("prompt", text.text() + request.continuation())
            .put("echo", true)
            .put("logprobs", 1)
            .put("max_tokens", 0)
            .put("temperature", 0);
    Answer answer = call("/completions", body);
    String capability =
        " does not support scoring (completions with echo, logprobs and max_tokens 0)";
    if (!answer.ok()) {
      if (answer.status() == 400 || answer.status() == 404 || answer.status() == 422) {
        return SequenceScore.failed(
            "server " + answer.endpoint() + capability + ": " + answer.problem());
      }
      return SequenceScore.failed(answer.problem());
    }
    JsonNode logprobs = answer.body().path("choices").path(0).path("logprobs");
    JsonNode offsets = logprobs.path("text_offset");
    JsonNode values = logprobs.path("token_logprobs");
    if (!offsets.isArray() || !values.isArray() || offsets.size() != values.size()) {
      return SequenceScore.failed(
          "server "
              + answer.endpoint()
              + capability
              + ": its echo answer has no token_logprobs/text_offset");
    }
    int promptChars = text.text().length();
    int echoed = promptChars + request.continuation().length();
    List<Double> tokens = new ArrayList<>();
    int promptTokens = 0;
    double sum = 0;
    for (int i = 0; i < offsets.size(); i++) {
      int offset = offsets.get(i).asInt();
      int end = i + 1 < offsets.size() ? offsets.get(i + 1).asInt() : echoed;
      if (offset < promptChars && end > promptChars) {
        return SequenceScore.failed(
            "server "
                + answer.endpoint()
                + " tokenized prompt and continuation into one token across their boundary (chars "
                + offset
                + " to "
                + end
                + ", the prompt ends at "
                + promptChars
                + "); end the prompt where a token ends, e.g. before a space");
      }
      if (offset < promptChars) {
        promptTokens++;
      } else if (offset < echoed) {
        JsonNode value = values.get(i);
        if (!value.isNumber()) {
          return SequenceScore.failed(
              "server " + answer.endpoint() + capability + ": token " + i + " has no logprob");
        }
        tokens.add(value.asDouble());
        sum += value.asDouble();
      }
    }
    return new SequenceScore(sum, tokens, promptTokens, java.util.Optional.empty());
  }

  /** Sends a body with retries; the endpoint rotates per attempt. */
  private Answer call(String path, JsonNode body) {
    Answer last = null;
    for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
      Endpoint endpoint = pick();
      last = send(endpoint, path, body);
      if (last.ok() || !retryable(last.status())) {
        endpoint.failures.set(0);
        return last;
      }
      if (last.status() != 429) {
        endpoint.failures.incrementAndGet();
        endpoint.unhealthyUntil = System.nanoTime() + settings.unhealthyFor().toNanos();
      }
      if (attempt < settings.maxAttempts()) {
        long delay =
            (long)
                (settings.backoff().toMillis()
                    * Math.pow(2, attempt - 1)
                    * (0.5 + ThreadLocalRandom.current().nextDouble()));
        LOG.warn(
            "{} failed ({}); retrying in {} ms (attempt {}/{})",
            endpoint.base + path,
            last.problem(),
            delay,
            attempt,
            settings.maxAttempts());
        try {
          Thread.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    return new Answer(
        null,
        last.status(),
        last.problem() + " (gave up after " + settings.maxAttempts() + " attempts)",
        last.endpoint());
  }

  private static boolean retryable(int status) {
    return status == 429 || status >= 500 || status == -1;
  }

  /**
   * The next endpoint round-robin, skipping those that failed recently; when all did, the one with
   * the fewest consecutive failures (a dead server keeps failing, a busy one also succeeds).
   */
  private Endpoint pick() {
    long now = System.nanoTime();
    int start = Math.floorMod(next.getAndIncrement(), endpoints.size());
    Endpoint best = null;
    for (int i = 0; i < endpoints.size(); i++) {
      Endpoint e = endpoints.get((start + i) % endpoints.size());
      if (e.unhealthyUntil - now <= 0) {
        return e;
      }
      if (best == null || e.failures.get() < best.failures.get()) {
        best = e;
      }
    }
    return best;
  }

  private Answer send(Endpoint endpoint, String path, JsonNode body) {
    URI uri = URI.create(endpoint.base + path);
    try {
      endpoint.slots.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(null, -2, "interrupted", endpoint.base);
    }
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(uri)
              .timeout(settings.timeout())
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
      settings.apiKey().ifPresent(k -> request.header("Authorization", "Bearer " + k));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 200) {
        return new Answer(JSON.readTree(response.body()), 200, null, endpoint.base);
      }
      return new Answer(
          null,
          response.statusCode(),
          "server "
              + endpoint.base
              + " answered HTTP "
              + response.statusCode()
              + ": "
              + errorMessage(response.body()),
          endpoint.base);
    } catch (IOException e) {
      return new Answer(null, -1, "server " + endpoint.base + ": " + e, endpoint.base);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer(null, -2, "interrupted", endpoint.base);
    } finally {
      endpoint.slots.release();
    }
  }

  private static String errorMessage(String body) {
    try {
      JsonNode message = JSON.readTree(body).path("error").path("message");
      if (message.isTextual()) {
        return message.asText();
      }
    } catch (IOException e) {
      // not JSON: fall through to the raw body
    }
    return body.length() > 200 ? body.substring(0, 200) + "..." : body;
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  /** The settings in use (the API key hidden by their toString). */
  public OpenAiSettings settings() {
    return settings;
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
