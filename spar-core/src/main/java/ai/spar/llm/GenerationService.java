package ai.spar.llm;

import java.util.concurrent.CompletableFuture;

/**
 * A model serving requests from many threads at once (an HTTP server's handlers): each request is
 * queued, decoded together with the others, and its text streamed as it is generated.
 *
 * <p>Thread-safe. Closing stops accepting requests, lets every accepted request finish and then
 * releases what the service owns (not the model it was started on).
 */
public interface GenerationService extends AutoCloseable {

  /**
   * Queues a request.
   *
   * @param stream receives each completion's text as it grows (on the service's thread; it must
   *     return quickly), or {@link TextStream#NONE}
   * @return completes with the request's result (an error result if it cannot be served), never
   *     exceptionally
   * @throws Rejected when the service is full or closing
   */
  CompletableFuture<GenerationResult> submit(GenerationRequest request, TextStream stream);

  /**
   * Queues the scoring of a prompt's own tokens (an OpenAI {@code echo} answer); it counts towards
   * the same queue limit as {@link #submit} and runs between decode steps.
   *
   * @param topLogProbs most likely alternatives to report per position, {@code >= 0}
   * @return completes with the prompt's log-probabilities (an error result if the prompt cannot be
   *     scored), never exceptionally
   * @throws Rejected when the service is full or closing
   */
  CompletableFuture<PromptLogProbs> promptLogProbs(Prompt prompt, int topLogProbs);

  /** Identity and limits of the model served. */
  ModelInfo info();

  /** Requests accepted and not yet finished. */
  int pending();

  /** Stops accepting requests and waits until every accepted request has finished. Idempotent. */
  @Override
  void close();

  /** Receives the text of a request's completions as it is generated. */
  interface TextStream {
    TextStream NONE = (sample, delta) -> {};

    /**
     * New text of completion {@code sample}; the deltas of a completion concatenate to its final
     * text (text that might still become a stop string is held back until it cannot).
     */
    void onText(int sample, String delta);

    /** True when the caller went away: the request's remaining work is dropped. */
    default boolean cancelled() {
      return false;
    }

    /**
     * Called once the request passed the service's checks and waits for (or has) its decode rows:
     * from then on it ends with its completions unless it is cancelled.
     */
    default void onAccepted() {}

    /** False when only {@link #cancelled} and {@link #onAccepted} matter (no text is decoded). */
    default boolean wantsText() {
      return true;
    }
  }

  /** A request the service did not accept. */
  final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why a request was not accepted. */
    public enum Reason {
      /** The queue is full: retry later. */
      FULL,
      /** The service is shutting down. */
      CLOSING
    }

    private final Reason reason;

    public Rejected(Reason reason, String message) {
      super(message);
      this.reason = reason;
    }

    public Reason reason() {
      return reason;
    }
  }
}
