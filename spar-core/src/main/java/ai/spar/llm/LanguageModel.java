package ai.spar.llm;

import java.util.List;

/**
 * A batch-first language model: the one interface every SPaR stage (actor sampling, judging,
 * refinement, reference log-probabilities) talks to. Nothing above this interface sees tensors,
 * tokenizers or caches.
 *
 * <p>Callers hand over lists of any size and get lists back in the same order; implementations
 * schedule the work in micro-batches as they see fit. A request that cannot be served (for example
 * a prompt longer than the context) yields an error result for that request only; the rest of the
 * batch is unaffected.
 *
 * <p>Implementations are safe for use by one thread at a time unless they document otherwise. The
 * creator of a model closes it.
 */
public interface LanguageModel extends AutoCloseable {

  /**
   * Generates {@code request.sampling().n()} completions for every request.
   *
   * @return one result per request, in request order
   */
  List<GenerationResult> generate(List<GenerationRequest> requests);

  /**
   * Scores a continuation after a prompt: the summed and per-token natural-log probabilities of the
   * continuation's tokens.
   *
   * @return one score per request, in request order
   */
  List<SequenceScore> score(List<ScoringRequest> requests);

  /** Identity and limits of the loaded model. */
  ModelInfo info();

  /** Releases native memory. Idempotent. */
  @Override
  void close();
}
