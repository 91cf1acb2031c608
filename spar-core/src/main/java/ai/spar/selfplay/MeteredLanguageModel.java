package ai.spar.selfplay;

import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.ModelInfo;
import ai.spar.llm.ScoringRequest;
import ai.spar.llm.SequenceScore;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the traffic to a model: {@code generate} calls, requests, completions, prompt and
 * generated tokens. Passes everything through unchanged. Does not own the model: {@link #close()}
 * leaves it open. Thread-safe counters.
 */
public final class MeteredLanguageModel implements LanguageModel {
  private final LanguageModel model;
  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong completions = new AtomicLong();
  private final AtomicLong promptTokens = new AtomicLong();
  private final AtomicLong generatedTokens = new AtomicLong();

  public MeteredLanguageModel(LanguageModel model) {
    this.model = model;
  }

  @Override
  public List<GenerationResult> generate(List<GenerationRequest> batch) {
    calls.incrementAndGet();
    requests.addAndGet(batch.size());
    List<GenerationResult> results = model.generate(batch);
    for (GenerationResult result : results) {
      promptTokens.addAndGet(result.promptTokens());
      completions.addAndGet(result.completions().size());
      generatedTokens.addAndGet(result.completionTokens());
    }
    return results;
  }

  @Override
  public List<SequenceScore> score(List<ScoringRequest> batch) {
    return model.score(batch);
  }

  @Override
  public ModelInfo info() {
    return model.info();
  }

  /** Leaves the wrapped model open: its creator closes it. */
  @Override
  public void close() {}

  public long calls() {
    return calls.get();
  }

  public long requests() {
    return requests.get();
  }

  public long completions() {
    return completions.get();
  }

  public long promptTokens() {
    return promptTokens.get();
  }

  public long generatedTokens() {
    return generatedTokens.get();
  }
}
