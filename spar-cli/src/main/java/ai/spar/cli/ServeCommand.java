package ai.spar.cli;

import ai.spar.llm.llama.ContinuousGenerationService;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.serve.OpenAiServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spar serve}: the in-JVM runtime behind the OpenAI-compatible HTTP API until the process is
 * stopped (SIGINT/SIGTERM shut it down gracefully: running requests finish).
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Serve a model over the OpenAI-compatible API: /v1/completions, /v1/chat/completions (the"
          + " model's chat template), /v1/models; stream: true sends server-sent events.",
      "Requests of concurrent clients are decoded together with continuous batching; when"
          + " --max-pending requests are in the server, more are answered 429. Ctrl-C or SIGTERM"
          + " stops accepting (503), finishes the running requests, then exits."
    })
public final class ServeCommand implements Callable<Integer> {
  @Mixin ModelOptions modelOptions = new ModelOptions();

  @Option(
      names = "--host",
      defaultValue = "127.0.0.1",
      description = "address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all)")
  String host;

  @Option(names = "--port", defaultValue = "8000", description = "default: ${DEFAULT-VALUE}")
  int port;

  @Option(
      names = "--max-batch-rows",
      defaultValue = "" + RuntimeOptions.DEFAULT_MAX_BATCH_ROWS,
      description = "samples decoded together (default: ${DEFAULT-VALUE})")
  int maxBatchRows;

  @Option(
      names = "--max-pending",
      defaultValue = "256",
      description =
          "requests running or queued before new ones get 429 (default: ${DEFAULT-VALUE})")
  int maxPending;

  @Override
  public Integer call() throws Exception {
    RuntimeOptions options = modelOptions.runtimeOptions();
    options = options.withBatchLimits(maxBatchRows, options.maxBatchTokens());
    DjlLlamaModel model = DjlLlamaModel.load(modelOptions.modelDirectory(), options);
    ContinuousGenerationService service = ContinuousGenerationService.start(model, maxPending);
    OpenAiServer server = OpenAiServer.start(service, host, port);
    System.out.printf(
        "serving %s on http://%s:%d/v1 (%d rows x %d slots, %d pending at most)%n",
        model.info().id(),
        host,
        server.port(),
        service.batchRows(),
        service.timelineSlots(),
        maxPending);
    System.out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  System.err.println("spar serve: shutting down; finishing running requests");
                  server.close();
                  model.close();
                  stopped.countDown();
                },
                "spar-serve-shutdown"));
    stopped.await();
    return 0;
  }
}
