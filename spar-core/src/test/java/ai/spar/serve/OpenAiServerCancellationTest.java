package ai.spar.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.llm.FinishReason;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.llama.ContinuousGenerationService;
import ai.spar.llm.llama.DecodeStats;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.testing.Fixtures;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A client that goes away stops costing decode steps: its request is cancelled and its row freed
 * (real sockets on 127.0.0.1; observed through the service's counters, not through timing).
 */
class OpenAiServerCancellationTest {
  private static final int MAX_TOKENS = 480;

  @Test
  void aClientThatClosesItsConnectionStopsItsRequestsDecoding() throws Exception {
    try (DjlLlamaModel model = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu())) {
      // greedy decoding of this prompt runs to its budget: only a cancellation ends it early
      List<GenerationResult> whole =
          model.generate(
              List.of(new GenerationRequest(Prompt.text("a"), SamplingParams.greedy(MAX_TOKENS))));
      assertThat(whole.get(0).completions().get(0).finishReason()).isEqualTo(FinishReason.LENGTH);

      ContinuousGenerationService service = ContinuousGenerationService.start(model, 8);
      try (OpenAiServer server =
          OpenAiServer.start(service, "127.0.0.1", 0, Duration.ofMillis(5))) {
        DecodeStats before = service.decodeStats();
        byte[] body =
            ("{\"prompt\":\"a\",\"max_tokens\":" + MAX_TOKENS + ",\"temperature\":0}")
                .getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
          OutputStream out = socket.getOutputStream();
          out.write(
              ("POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      + "Content-Type: application/json\r\nContent-Length: "
                      + body.length
                      + "\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
          out.write(body);
          out.flush();
          BufferedReader in =
              new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
          // the headers come once the request was accepted; then wait until it decodes
          assertThat(in.readLine()).isEqualTo("HTTP/1.1 200 OK");
          await(() -> service.decodeStats().minus(before).decodeTokens() > 0);
        } // the client goes away mid-answer
        await(() -> service.pending() == 0);
        assertThat(service.cancelledRequests()).isEqualTo(1);
        long decoded = service.decodeStats().minus(before).decodeTokens();
        assertThat(decoded).isLessThan(MAX_TOKENS);

        // the freed row serves the next client
        java.net.http.HttpResponse<String> next =
            OpenAiServerTest.post(
                server.port(), "/v1/completions", "{\"prompt\":\"b\",\"max_tokens\":3}");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(service.cancelledRequests()).isEqualTo(1);
      }
    }
  }

  /** Polls a condition for up to 60 s (a bound against a hang, not a measurement). */
  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waited 60 s").isLessThan(deadline);
      Thread.sleep(2);
    }
  }
}
