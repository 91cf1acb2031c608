package ai.spar.spark;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible server on 127.0.0.1 that forwards to a healthy one and injects faults into
 * completions and chat completions, deterministically by request content:
 *
 * <ul>
 *   <li>a request whose body contains {@link #ALWAYS_500} always answers HTTP 500 ("out of
 *       memory");
 *   <li>one whose body contains {@link #ALWAYS_STALL} always stalls past the client's timeout;
 *   <li>any other request fails its first attempt when its body's hash picks it (a 500 or a dropped
 *       connection, by the hash), and is forwarded from the second attempt on.
 * </ul>
 *
 * <p>Counts every injected fault by kind, so a test can check that each kind happened.
 */
final class FaultInjectingProxy implements AutoCloseable {
  static final String ALWAYS_500 = "broken server";
  static final String ALWAYS_STALL = "stalled queue";

  /** What the proxy did with one attempt. */
  enum Fault {
    HTTP_500,
    DROPPED,
    STALLED
  }

  private final HttpServer http;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final HttpClient client =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final URI target;
  private final Duration stall;
  private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
  private final Map<Fault, AtomicInteger> faults = new ConcurrentHashMap<>();
  private final AtomicInteger recovered = new AtomicInteger();

  /**
   * @param target the healthy server's base URL, ending in {@code /v1}
   * @param stall how long a stalled request waits before its connection closes (longer than the
   *     client's timeout)
   */
  FaultInjectingProxy(URI target, Duration stall) throws IOException {
    this.target = target;
    this.stall = stall;
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    http.setExecutor(threads);
    http.createContext("/v1/completions", this::complete);
    http.createContext("/v1/chat/completions", this::complete);
    http.createContext("/v1/", this::forward);
    http.start();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/v1");
  }

  /** How many attempts got the given fault. */
  int injected(Fault fault) {
    AtomicInteger count = faults.get(fault);
    return count == null ? 0 : count.get();
  }

  /** How many attempts the proxy forwarded to the healthy server after a fault. */
  int recovered() {
    return recovered.get();
  }

  private void complete(HttpExchange e) throws IOException {
    byte[] body = e.getRequestBody().readAllBytes();
    String text = new String(body, StandardCharsets.UTF_8);
    int attempt = attempts.computeIfAbsent(text, t -> new AtomicInteger()).incrementAndGet();
    int pick = Math.floorMod(text.hashCode(), 5);
    if (text.contains(ALWAYS_500)) {
      fail(e, Fault.HTTP_500);
    } else if (text.contains(ALWAYS_STALL)) {
      fail(e, Fault.STALLED);
    } else if (attempt == 1 && pick < 2) {
      fail(e, pick == 0 ? Fault.HTTP_500 : Fault.DROPPED);
    } else {
      if (attempt > 1) {
        recovered.incrementAndGet();
      }
      relay(e, body);
    }
  }

  private void fail(HttpExchange e, Fault fault) throws IOException {
    faults.computeIfAbsent(fault, f -> new AtomicInteger()).incrementAndGet();
    switch (fault) {
      case HTTP_500 -> send(e, 500, "{\"error\":{\"message\":\"out of memory\"}}".getBytes());
      case DROPPED -> e.close(); // the connection closes without an answer
      case STALLED -> {
        try {
          Thread.sleep(stall.toMillis());
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
        }
        e.close();
      }
    }
  }

  private void forward(HttpExchange e) throws IOException {
    relay(e, e.getRequestBody().readAllBytes());
  }

  private void relay(HttpExchange e, byte[] body) throws IOException {
    String path = e.getRequestURI().getPath().substring("/v1".length());
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(target + path))
            .header("Content-Type", "application/json");
    if ("POST".equals(e.getRequestMethod())) {
      request.POST(HttpRequest.BodyPublishers.ofByteArray(body));
    } else {
      request.GET();
    }
    try {
      HttpResponse<byte[]> response =
          client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      send(e, response.statusCode(), response.body());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      e.close();
    }
  }

  private static void send(HttpExchange e, int status, byte[] body) throws IOException {
    e.getResponseHeaders().set("Content-Type", "application/json");
    e.sendResponseHeaders(status, body.length);
    try (OutputStream out = e.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    http.stop(0);
    threads.shutdownNow();
  }
}
