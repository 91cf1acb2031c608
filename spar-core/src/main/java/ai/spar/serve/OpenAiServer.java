package ai.spar.serve;

import ai.spar.llm.Completion;
import ai.spar.llm.FinishReason;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.GenerationService;
import ai.spar.llm.Prompt;
import ai.spar.llm.PromptLogProbs;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenAI-compatible HTTP API over a {@link GenerationService}: {@code GET /v1/models}, {@code
 * POST /v1/completions} and {@code POST /v1/chat/completions}, with {@code stream: true} as
 * server-sent events ending in {@code data: [DONE]}. Each HTTP request waits on its own thread
 * while the service decodes every request together; streamed text is handed from the decode thread
 * to the request's thread through a queue, so a slow client never stalls decoding. A client that
 * goes away (closes its connection or times out) cancels its request, which frees its decode rows:
 * a stream notices at its next event, a non-streaming answer at its next heartbeat (a space sent
 * before the JSON body every {@link #HEARTBEAT} once the request was accepted).
 *
 * <p>Errors are OpenAI error objects: 400 for a bad body or a request the model cannot serve, 404
 * for another model's name or an unknown path, 429 when the service's queue is full, 503 while
 * shutting down. A completions body with {@code echo: true}, {@code logprobs: k} and {@code
 * max_tokens: 0} is answered as vLLM does: the prompt echoed with each prompt token's text, offset,
 * log-probability and {@code k} most likely alternatives (generated-token log-probabilities are not
 * supported). {@link #close()} shuts down gracefully: new requests get 503, accepted ones run to
 * the end, then the listener closes.
 */
public final class OpenAiServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiServer.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final GenerationService service;
  private final HttpServer http;
  private final ExecutorService handlers;
  private final AtomicLong ids = new AtomicLong();
  private final Duration heartbeat;
  private volatile boolean closed;

  /** How often a waiting non-streaming answer sends a space to learn whether its client is gone. */
  static final Duration HEARTBEAT = Duration.ofMillis(100);

  private OpenAiServer(
      GenerationService service, HttpServer http, ExecutorService handlers, Duration heartbeat) {
    this.service = service;
    this.http = http;
    this.handlers = handlers;
    this.heartbeat = heartbeat;
  }

  /**
   * Starts serving on {@code host:port} (port 0 picks a free port; see {@link #port()}).
   *
   * @throws IOException if the address cannot be bound
   */
  public static OpenAiServer start(GenerationService service, String host, int port)
      throws IOException {
    return start(service, host, port, HEARTBEAT);
  }

  static OpenAiServer start(GenerationService service, String host, int port, Duration heartbeat)
      throws IOException {
    Preconditions.checkArgument(
        port >= 0 && port <= 65535, "port must be in [0, 65535], but was: %s", port);
    HttpServer http = HttpServer.create(new InetSocketAddress(host, port), 128);
    ExecutorService handlers =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "spar-serve-http");
              t.setDaemon(true);
              return t;
            });
    OpenAiServer server = new OpenAiServer(service, http, handlers, heartbeat);
    http.createContext("/", server::handle);
    http.setExecutor(handlers);
    http.start();
    LOG.info(
        "serving {} on http://{}:{}/v1", service.info().id(), host, http.getAddress().getPort());
    return server;
  }

  /** The port the server listens on. */
  public int port() {
    return http.getAddress().getPort();
  }

  /** Stops accepting requests, finishes the accepted ones, then closes the listener. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    service.close(); // waits for every accepted request
    http.stop(2); // lets the handlers write their last bytes
    handlers.shutdown();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals("/v1/models") && method.equals("GET")) {
        sendJson(exchange, 200, models());
      } else if (path.equals("/health") && method.equals("GET")) {
        sendJson(exchange, 200, JSON.createObjectNode().put("status", "ok"));
      } else if (path.equals("/v1/completions") && method.equals("POST")) {
        generate(exchange, false);
      } else if (path.equals("/v1/chat/completions") && method.equals("POST")) {
        generate(exchange, true);
      } else {
        sendError(exchange, 404, "not_found", null, "no route for " + method + " " + path);
      }
    } catch (IOException e) {
      LOG.debug("client connection failed: {}", e.toString());
    } catch (RuntimeException e) {
      LOG.error("request failed", e);
    }
  }

  private ObjectNode models() {
    ObjectNode root = JSON.createObjectNode().put("object", "list");
    root.putArray("data")
        .addObject()
        .put("id", service.info().id())
        .put("object", "model")
        .put("created", 0)
        .put("owned_by", "spar")
        .put("max_model_len", service.info().contextLength());
    return root;
  }

  private void generate(HttpExchange exchange, boolean chat) throws IOException {
    OpenAiRequest request;
    OpenAiRequest.Echo echo = null;
    try (InputStream in = exchange.getRequestBody()) {
      JsonNode body = JSON.readTree(in);
      if (body == null || !body.isObject()) {
        throw new OpenAiRequest.Invalid(null, "the body must be a JSON object");
      }
      if (!chat && OpenAiRequest.isEcho(body)) {
        echo = OpenAiRequest.echo(body);
        request = null;
      } else {
        request = chat ? OpenAiRequest.chat(body) : OpenAiRequest.completions(body);
      }
    } catch (OpenAiRequest.Invalid e) {
      sendError(exchange, 400, "invalid_request_error", e.param, e.getMessage());
      return;
    } catch (IOException | IllegalArgumentException e) {
      sendError(exchange, 400, "invalid_request_error", null, "bad JSON body: " + e.getMessage());
      return;
    }
    String model = echo != null ? echo.model() : request.model();
    if (!model.isEmpty() && !model.equals(service.info().id())) {
      sendError(
          exchange,
          404,
          "not_found_error",
          "model",
          "the model `" + model + "` does not exist; this server serves " + service.info().id());
      return;
    }
    if (echo != null) {
      score(exchange, echo);
      return;
    }
    Exchange call = new Exchange(exchange, request, chat);
    List<CompletableFuture<GenerationResult>> futures = new ArrayList<>();
    try {
      for (int p = 0; p < request.requests().size(); p++) {
        GenerationRequest r = request.requests().get(p);
        futures.add(service.submit(r, request.stream() ? call.stream(p) : call.watch()));
      }
    } catch (GenerationService.Rejected e) {
      call.cancelled = true; // prompts of the same body already accepted are dropped
      boolean full = e.reason() == GenerationService.Rejected.Reason.FULL;
      sendError(
          exchange,
          full ? 429 : 503,
          full ? "rate_limit_error" : "server_error",
          null,
          e.getMessage());
      return;
    }
    if (request.stream()) {
      call.streamUntilDone(futures);
    } else {
      call.respondWhenDone(futures);
    }
  }

  /**
   * Answers an {@code echo} request as vLLM does with {@code max_tokens: 0}: one choice per prompt
   * whose text is the prompt, with {@code logprobs} holding each prompt token's text, offset in
   * that text, log-probability ({@code null} for the first token) and most likely alternatives.
   */
  private void score(HttpExchange exchange, OpenAiRequest.Echo echo) throws IOException {
    List<CompletableFuture<PromptLogProbs>> futures = new ArrayList<>();
    try {
      for (Prompt prompt : echo.prompts()) {
        futures.add(service.promptLogProbs(prompt, echo.topLogProbs()));
      }
    } catch (GenerationService.Rejected e) {
      boolean full = e.reason() == GenerationService.Rejected.Reason.FULL;
      sendError(
          exchange,
          full ? 429 : 503,
          full ? "rate_limit_error" : "server_error",
          null,
          e.getMessage());
      return;
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "cmpl-" + ids.incrementAndGet())
        .put("object", "text_completion")
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", service.info().id());
    ArrayNode choices = root.putArray("choices");
    long promptTokens = 0;
    for (int p = 0; p < futures.size(); p++) {
      PromptLogProbs scored = futures.get(p).join();
      if (!scored.isOk()) {
        sendError(exchange, 400, "invalid_request_error", "prompt", scored.error().orElseThrow());
        return;
      }
      promptTokens += scored.tokens().size();
      String text =
          echo.prompts().get(p) instanceof Prompt.Text t
              ? t.text()
              : String.join("", scored.tokens());
      ObjectNode choice = choices.addObject().put("index", p).put("text", text);
      ObjectNode logprobs = choice.putObject("logprobs");
      ArrayNode tokens = logprobs.putArray("tokens");
      ArrayNode values = logprobs.putArray("token_logprobs");
      ArrayNode tops = logprobs.putArray("top_logprobs");
      ArrayNode offsets = logprobs.putArray("text_offset");
      for (int i = 0; i < scored.tokens().size(); i++) {
        tokens.add(scored.tokens().get(i));
        offsets.add(scored.textOffsets().get(i));
        if (i == 0) {
          values.addNull();
          tops.addNull();
          continue;
        }
        values.add(scored.tokenLogProbs().get(i));
        ObjectNode top = tops.addObject();
        scored.topLogProbs().get(i).forEach(top::put);
      }
      choice.put("finish_reason", "length");
    }
    root.putObject("usage")
        .put("prompt_tokens", promptTokens)
        .put("completion_tokens", 0)
        .put("total_tokens", promptTokens);
    sendJson(exchange, 200, root);
  }

  private static boolean finishedWithin(CompletableFuture<?> future, Duration wait) {
    try {
      future.get(wait.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private static List<GenerationResult> join(List<CompletableFuture<GenerationResult>> futures) {
    return futures.stream().map(CompletableFuture::join).toList();
  }

  static String finishReason(FinishReason reason) {
    return reason == FinishReason.LENGTH ? "length" : "stop";
  }

  private static void sendJson(HttpExchange exchange, int status, JsonNode body)
      throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static ObjectNode error(String type, String param, String message) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode error = root.putObject("error");
    error.put("message", message).put("type", type);
    if (param == null) {
      error.putNull("param");
    } else {
      error.put("param", param);
    }
    error.putNull("code");
    return root;
  }

  private static void sendError(
      HttpExchange exchange, int status, String type, String param, String message)
      throws IOException {
    sendJson(exchange, status, error(type, param, message));
  }

  /** One HTTP call: builds its responses and, when streaming, its events. */
  private final class Exchange {
    private record Delta(int choice, String text) {}

    final HttpExchange exchange;
    final OpenAiRequest request;
    final boolean chat;
    final String id;
    final long created = System.currentTimeMillis() / 1000;
    final LinkedBlockingQueue<Delta> deltas = new LinkedBlockingQueue<>();
    final AtomicInteger acceptedPrompts = new AtomicInteger();
    final CompletableFuture<Void> accepted = new CompletableFuture<>();
    volatile boolean cancelled;

    Exchange(HttpExchange exchange, OpenAiRequest request, boolean chat) {
      this.exchange = exchange;
      this.request = request;
      this.chat = chat;
      this.id = (chat ? "chatcmpl-" : "cmpl-") + ids.incrementAndGet();
    }

    GenerationService.TextStream stream(int prompt) {
      return new GenerationService.TextStream() {
        @Override
        public void onText(int sample, String delta) {
          deltas.add(new Delta(prompt * request.n() + sample, delta));
        }

        @Override
        public boolean cancelled() {
          return cancelled;
        }

        @Override
        public void onAccepted() {
          promptAccepted();
        }
      };
    }

    /** A non-streaming prompt's stream: no text, only acceptance and cancellation. */
    GenerationService.TextStream watch() {
      return new GenerationService.TextStream() {
        @Override
        public void onText(int sample, String delta) {}

        @Override
        public boolean cancelled() {
          return cancelled;
        }

        @Override
        public void onAccepted() {
          promptAccepted();
        }

        @Override
        public boolean wantsText() {
          return false;
        }
      };
    }

    private void promptAccepted() {
      if (acceptedPrompts.incrementAndGet() == request.requests().size()) {
        accepted.complete(null);
      }
    }

    /**
     * Answers a non-streaming request. Nothing is sent until every prompt was accepted, so a
     * request the model cannot serve still gets its 400; then the 200 headers go out, and while the
     * answer is decoded a space (which JSON allows before a value) every heartbeat. A write that
     * fails means the client went away (closed the connection or timed out): the request is
     * cancelled, which frees its rows for others.
     */
    void respondWhenDone(List<CompletableFuture<GenerationResult>> futures) throws IOException {
      CompletableFuture<Void> all =
          CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
      CompletableFuture.anyOf(all, accepted).join();
      if (all.isDone()) {
        List<GenerationResult> results = join(futures);
        for (GenerationResult r : results) {
          if (!r.isOk()) {
            sendError(exchange, 400, "invalid_request_error", null, r.error().orElseThrow());
            return;
          }
        }
        sendJson(exchange, 200, response(results));
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        while (!finishedWithin(all, heartbeat)) {
          out.write(' ');
          out.flush();
        }
        List<GenerationResult> results = join(futures);
        JsonNode body = response(results);
        for (GenerationResult r : results) {
          if (!r.isOk()) {
            body = error("server_error", null, r.error().orElseThrow());
            break;
          }
        }
        out.write(JSON.writeValueAsBytes(body));
      } catch (IOException e) {
        cancelled = true; // the client went away: stop decoding for it
        throw e;
      }
    }

    ObjectNode envelope(String object) {
      ObjectNode root = JSON.createObjectNode();
      root.put("id", id)
          .put("object", object)
          .put("created", created)
          .put("model", service.info().id());
      return root;
    }

    ObjectNode response(List<GenerationResult> results) {
      ObjectNode root = envelope(chat ? "chat.completion" : "text_completion");
      ArrayNode choices = root.putArray("choices");
      long promptTokens = 0;
      long completionTokens = 0;
      for (int p = 0; p < results.size(); p++) {
        GenerationResult r = results.get(p);
        promptTokens += r.promptTokens();
        for (int i = 0; i < r.completions().size(); i++) {
          Completion c = r.completions().get(i);
          completionTokens += c.completionTokens();
          ObjectNode choice = choices.addObject().put("index", p * request.n() + i);
          if (chat) {
            choice.putObject("message").put("role", "assistant").put("content", c.text());
          } else {
            choice.put("text", c.text());
          }
          choice.putNull("logprobs");
          choice.put("finish_reason", finishReason(c.finishReason()));
        }
      }
      root.putObject("usage")
          .put("prompt_tokens", promptTokens)
          .put("completion_tokens", completionTokens)
          .put("total_tokens", promptTokens + completionTokens);
      return root;
    }

    ObjectNode chunk(int choice, String text, String finishReason) {
      ObjectNode root = envelope(chat ? "chat.completion.chunk" : "text_completion");
      ObjectNode c = root.putArray("choices").addObject().put("index", choice);
      if (chat) {
        ObjectNode delta = c.putObject("delta");
        if (text != null) {
          delta.put("role", "assistant").put("content", text);
        }
      } else {
        c.put("text", text == null ? "" : text);
      }
      c.putNull("logprobs");
      if (finishReason == null) {
        c.putNull("finish_reason");
      } else {
        c.put("finish_reason", finishReason);
      }
      return root;
    }

    /**
     * Sends the text as events while the requests run, then each choice's finish reason and {@code
     * [DONE]}. A request that fails before any text was sent is answered with a 400 error instead.
     */
    void streamUntilDone(List<CompletableFuture<GenerationResult>> futures) throws IOException {
      CompletableFuture<Void> all =
          CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
      Delta first;
      try {
        first = firstDelta(futures, all);
      } catch (InterruptedException e) {
        cancelled = true;
        Thread.currentThread().interrupt();
        return;
      }
      if (first == null) {
        for (GenerationResult r : join(futures)) {
          if (!r.isOk()) {
            sendError(exchange, 400, "invalid_request_error", null, r.error().orElseThrow());
            return;
          }
        }
      }
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      try (OutputStream out = exchange.getResponseBody()) {
        Delta next = first;
        while (true) {
          if (next != null) {
            send(out, chunk(next.choice(), next.text(), null));
          } else if (all.isDone() && deltas.isEmpty()) {
            break;
          }
          next = deltas.poll(20, TimeUnit.MILLISECONDS);
        }
        List<GenerationResult> results = join(futures);
        for (int p = 0; p < results.size(); p++) {
          GenerationResult r = results.get(p);
          if (!r.isOk()) {
            send(out, error("server_error", null, r.error().orElseThrow()));
            continue;
          }
          for (int i = 0; i < r.completions().size(); i++) {
            String reason = finishReason(r.completions().get(i).finishReason());
            send(out, chunk(p * request.n() + i, chat ? null : "", reason));
          }
        }
        out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
      } catch (IOException e) {
        cancelled = true; // the client went away: stop decoding for it
        throw e;
      } catch (InterruptedException e) {
        cancelled = true;
        Thread.currentThread().interrupt();
      }
    }

    private Delta firstDelta(
        List<CompletableFuture<GenerationResult>> futures, CompletableFuture<Void> all)
        throws InterruptedException {
      while (true) {
        Delta d = deltas.poll(20, TimeUnit.MILLISECONDS);
        if (d != null) {
          return d;
        }
        if (all.isDone()) {
          return deltas.poll();
        }
      }
    }

    private void send(OutputStream out, JsonNode event) throws IOException {
      out.write(
          ("data: " + JSON.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
    }
  }
}
