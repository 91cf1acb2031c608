package ai.spar.cli;

import ai.spar.bench.BatchingBenchmark;
import ai.spar.llm.llama.ContinuousGenerationService;
import ai.spar.llm.llama.DecodeStats;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.serve.OpenAiServer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spar bench serve}: {@code spar serve} under 1, 8 and 32 concurrent clients (throughput and
 * latency percentiles over real HTTP on 127.0.0.1), then a mixed-length workload shaped like the
 * job's judge and refine calls decoded with continuous and with static batching in the same run.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Measure spar serve at several client counts (requests/s, output tokens/s, latency"
          + " percentiles) and continuous vs static batching on a mixed-length workload (decode"
          + " tokens/s, mean batch occupancy); prints tables."
    })
public final class BenchServeCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ModelOptions modelOptions = new ModelOptions("cpu");

  @Option(
      names = "--clients",
      split = ",",
      defaultValue = "1,8,32",
      description = "concurrent clients (default: ${DEFAULT-VALUE})")
  int[] clients;

  @Option(
      names = "--requests-per-client",
      defaultValue = "4",
      description = "requests each client sends in turn (default: ${DEFAULT-VALUE})")
  int requestsPerClient;

  @Option(
      names = "--max-tokens",
      defaultValue = "32",
      description = "max_tokens of the client requests (default: ${DEFAULT-VALUE})")
  int maxTokens;

  @Option(
      names = "--rows",
      defaultValue = "32",
      description =
          "batch rows of the server and of both batching modes (default: ${DEFAULT-VALUE})")
  int rows;

  @Option(
      names = "--mixed-requests",
      defaultValue = "256",
      description =
          "requests of the mixed workload: 3 of 4 judge-like (4-24 new tokens), 1 of 4"
              + " refine-like (96-192 new tokens), EOS ignored (default: ${DEFAULT-VALUE})")
  int mixedRequests;

  @Override
  public Integer call() throws Exception {
    RuntimeOptions options = modelOptions.runtimeOptions();
    options = options.withBatchLimits(rows, options.maxBatchTokens());
    System.out.printf(
        Locale.ROOT,
        "settings: model %s, %d batch rows, threads %d; clients %s x %d requests of max_tokens %d;"
            + " mixed workload %d requests%n",
        modelOptions.modelDirectory(),
        rows,
        options.threads(),
        Arrays.toString(clients),
        requestsPerClient,
        maxTokens,
        mixedRequests);
    try (DjlLlamaModel model = DjlLlamaModel.load(modelOptions.modelDirectory(), options)) {
      serverTable(model);
    }
    mixedTable(options);
    return 0;
  }

  private void serverTable(DjlLlamaModel model) throws Exception {
    ContinuousGenerationService service = ContinuousGenerationService.start(model, 4096);
    try (OpenAiServer server = OpenAiServer.start(service, "127.0.0.1", 0)) {
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/v1/completions");
      HttpClient http = HttpClient.newHttpClient();
      call(http, uri, 0, 0); // warm-up
      System.out.printf(
          Locale.ROOT,
          "%n%-8s %9s %10s %13s %9s %9s %9s %9s%n",
          "clients",
          "requests",
          "req/s",
          "out tokens/s",
          "p50 ms",
          "p90 ms",
          "p99 ms",
          "rows/step");
      for (int c : clients) {
        DecodeStats before = service.decodeStats();
        ExecutorService pool = Executors.newFixedThreadPool(c);
        List<Future<long[]>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int client = 0; client < c; client++) {
          int id = client;
          for (int r = 0; r < requestsPerClient; r++) {
            int request = r;
            results.add(pool.submit(() -> call(http, uri, id, request)));
          }
        }
        long[] latencies = new long[results.size()];
        long tokens = 0;
        for (int i = 0; i < results.size(); i++) {
          long[] result = results.get(i).get();
          latencies[i] = result[0];
          tokens += result[1];
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        DecodeStats during = service.decodeStats().minus(before);
        Arrays.sort(latencies);
        System.out.printf(
            Locale.ROOT,
            "%-8d %9d %10.2f %13.1f %9.0f %9.0f %9.0f %9.1f%n",
            c,
            latencies.length,
            latencies.length / seconds,
            tokens / seconds,
            percentile(latencies, 0.50) / 1e6,
            percentile(latencies, 0.90) / 1e6,
            percentile(latencies, 0.99) / 1e6,
            during.decodeSteps() == 0 ? 0 : (double) during.stepRows() / during.decodeSteps());
      }
    }
  }

  /** One completion request; returns {latency nanos, completion tokens}. */
  private long[] call(HttpClient http, URI uri, int client, int request) throws Exception {
    String body =
        JSON.createObjectNode()
            .put(
                "prompt",
                "Client " + client + " asks question " + request + ": write a short note.")
            .put("max_tokens", maxTokens)
            .put("seed", client * 1000L + request)
            .toString();
    long start = System.nanoTime();
    HttpResponse<String> response =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long latency = System.nanoTime() - start;
    if (response.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + response.statusCode() + ": " + response.body());
    }
    JsonNode usage = JSON.readTree(response.body()).get("usage");
    return new long[] {latency, usage.get("completion_tokens").asLong()};
  }

  private static double percentile(long[] sorted, double q) {
    int index = (int) Math.ceil(q * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  private void mixedTable(RuntimeOptions options) {
    try (DjlLlamaModel model = DjlLlamaModel.load(modelOptions.modelDirectory(), options)) {
      List<BatchingBenchmark.Row> rows = new BatchingBenchmark(model).run(mixedRequests, this.rows);
      System.out.printf(
          Locale.ROOT,
          "%nmixed workload (%d requests: 3/4 with 4-24 new tokens, 1/4 with 96-192; EOS ignored)%n"
              + "%-11s %9s %12s %13s %10s %9s %10s %8s%n",
          mixedRequests,
          "batching",
          "tokens",
          "decode t/s",
          "overall t/s",
          "occupancy",
          "steps",
          "prefill s",
          "wall s");
      for (BatchingBenchmark.Row row : rows) {
        DecodeStats s = row.stats();
        System.out.printf(
            Locale.ROOT,
            "%-11s %9d %12.1f %13.1f %10.2f %9d %10.1f %8.1f%n",
            row.batching(),
            s.decodeTokens(),
            s.decodeTokensPerSecond(),
            row.tokensPerSecond(),
            s.occupancy(),
            s.decodeSteps(),
            s.prefillNanos() / 1e9,
            row.wallNanos() / 1e9);
      }
      System.out.printf(
          Locale.ROOT,
          "continuous / static: %.2fx overall tokens/s, %.2fx decode tokens/s; same tokens: %s%n",
          rows.get(0).tokensPerSecond() / rows.get(1).tokensPerSecond(),
          rows.get(0).stats().decodeTokensPerSecond() / rows.get(1).stats().decodeTokensPerSecond(),
          rows.get(0).samples().equals(rows.get(1).samples()));
    }
  }
}
