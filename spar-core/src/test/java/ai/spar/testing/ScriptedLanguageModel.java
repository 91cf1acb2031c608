package ai.spar.testing;

import ai.spar.llm.Completion;
import ai.spar.llm.FinishReason;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.ModelInfo;
import ai.spar.llm.Prompt;
import ai.spar.llm.ScoringRequest;
import ai.spar.llm.SequenceScore;
import ai.spar.llm.chat.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A test double: answers chat prompts with canned completions chosen by the last user message, and
 * records every call. Each completion's "tokens" are its whitespace-separated words.
 */
public final class ScriptedLanguageModel implements LanguageModel {

  /** Produces the text of completion {@code sample} of a request. */
  @FunctionalInterface
  public interface Responder {
    String reply(List<ChatMessage> messages, int sample, long seed);
  }

  private record Rule(Predicate<String> lastUser, Responder responder) {}

  private final List<Rule> rules = new ArrayList<>();
  private Predicate<String> failing = last -> false;
  private final List<List<GenerationRequest>> calls = new ArrayList<>();
  private final ModelInfo info;

  public ScriptedLanguageModel(String id) {
    this.info = new ModelInfo(id, "hash-" + id, 4096, 100, "");
  }

  /** Adds a rule; the first rule whose predicate accepts the last user message answers. */
  public ScriptedLanguageModel on(Predicate<String> lastUser, Responder responder) {
    rules.add(new Rule(lastUser, responder));
    return this;
  }

  /** Requests whose last user message matches fail with an error result. */
  public ScriptedLanguageModel failOn(Predicate<String> lastUser) {
    this.failing = lastUser;
    return this;
  }

  @Override
  public List<GenerationResult> generate(List<GenerationRequest> requests) {
    calls.add(List.copyOf(requests));
    List<GenerationResult> results = new ArrayList<>();
    for (GenerationRequest request : requests) {
      List<ChatMessage> messages = ((Prompt.Chat) request.prompt()).messages();
      String last = messages.get(messages.size() - 1).content();
      Rule rule = rules.stream().filter(r -> r.lastUser().test(last)).findFirst().orElse(null);
      if (failing.test(last)) {
        results.add(GenerationResult.failed("scripted failure for: " + last));
        continue;
      }
      if (rule == null) {
        results.add(GenerationResult.failed("no script for: " + last));
        continue;
      }
      List<Completion> completions = new ArrayList<>();
      for (int i = 0; i < request.sampling().n(); i++) {
        String text = rule.responder().reply(messages, i, request.sampling().seed());
        List<Integer> tokens = new ArrayList<>();
        for (String ignored : text.split("\\s+")) {
          tokens.add(1);
        }
        completions.add(new Completion(text, tokens, FinishReason.EOS, -1.0));
      }
      results.add(GenerationResult.ok(completions, last.length()));
    }
    return results;
  }

  @Override
  public List<SequenceScore> score(List<ScoringRequest> requests) {
    throw new UnsupportedOperationException("not scripted");
  }

  @Override
  public ModelInfo info() {
    return info;
  }

  @Override
  public void close() {}

  /** Every generate call, with its requests. */
  public List<List<GenerationRequest>> calls() {
    return calls;
  }

  public int callCount() {
    return calls.size();
  }

  public void reset() {
    calls.clear();
  }
}
