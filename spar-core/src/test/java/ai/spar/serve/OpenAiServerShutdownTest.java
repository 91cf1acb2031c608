package ai.spar.serve;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.llm.Completion;
import ai.spar.llm.FinishReason;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.GenerationService;
import ai.spar.llm.ModelInfo;
import ai.spar.llm.Prompt;
import ai.spar.llm.PromptLogProbs;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The server's queue and shutdown behaviour, over a service that answers when told to. */
class OpenAiServerShutdownTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Holds every request until {@link #release}; full at one pending request. */
  private static final class HeldService implements GenerationService {
    final CountDownLatch released = new CountDownLatch(1);
    final CountDownLatch accepted = new CountDownLatch(1);
    int pending;
    boolean closing;

    @Override
    public synchronized CompletableFuture<GenerationResult> submit(
        GenerationRequest request, TextStream stream) {
      if (closing) {
        throw new Rejected(Rejected.Reason.CLOSING, "the server is shutting down");
      }
      if (pending >= 1) {
        throw new Rejected(Rejected.Reason.FULL, "the server is busy; retry later");
      }
      pending++;
      accepted.countDown();
      return CompletableFuture.supplyAsync(
          () -> {
            try {
              released.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            synchronized (this) {
              pending--;
              notifyAll();
            }
            return GenerationResult.ok(
                List.of(new Completion("held answer", List.of(7), FinishReason.EOS, -1)), 3);
          });
    }

    void release() {
      released.countDown();
    }

    @Override
    public CompletableFuture<PromptLogProbs> promptLogProbs(Prompt prompt, int topLogProbs) {
      return CompletableFuture.completedFuture(PromptLogProbs.failed("not scored here"));
    }

    @Override
    public ModelInfo info() {
      return new ModelInfo("held", "", 128, 10, "");
    }

    @Override
    public synchronized int pending() {
      return pending;
    }

    @Override
    public synchronized void close() {
      closing = true;
      while (pending > 0) {
        try {
          wait();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  @Test
  void aFullQueueAnswers429AndShutdownFinishesTheRunningRequestWhileRefusingNewOnes()
      throws Exception {
    HeldService service = new HeldService();
    OpenAiServer server = OpenAiServer.start(service, "127.0.0.1", 0);
    int port = server.port();
    CompletableFuture<HttpResponse<String>> running =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return OpenAiServerTest.post(port, "/v1/completions", "{\"prompt\":\"a\"}");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(service.accepted.await(10, TimeUnit.SECONDS)).isTrue();

    HttpResponse<String> busy =
        OpenAiServerTest.post(port, "/v1/completions", "{\"prompt\":\"b\"}");
    assertThat(busy.statusCode()).isEqualTo(429);
    assertThat(JSON.readTree(busy.body()).get("error").get("message").asText())
        .isEqualTo("the server is busy; retry later");

    CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
    while (!service.closing) {
      Thread.sleep(5);
    }
    HttpResponse<String> refused =
        OpenAiServerTest.post(port, "/v1/completions", "{\"prompt\":\"c\"}");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(closing).isNotDone();

    service.release();
    HttpResponse<String> finished = running.get(10, TimeUnit.SECONDS);
    assertThat(finished.statusCode()).isEqualTo(200);
    assertThat(JSON.readTree(finished.body()).get("choices").get(0).get("text").asText())
        .isEqualTo("held answer");
    closing.get(10, TimeUnit.SECONDS);
  }
}
