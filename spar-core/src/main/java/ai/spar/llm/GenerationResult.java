package ai.spar.llm;

import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Optional;

/**
 * The completions of one request, or the reason it could not be served.
 *
 * @param completions exactly {@code n} completions when {@code error} is empty, none otherwise
 * @param promptTokens number of prompt tokens after templating and tokenization (0 if unknown
 *     because of an error)
 * @param completionTokens tokens generated over all completions: their token ids, or the count a
 *     server reported when the ids are not known (an OpenAI-compatible {@code usage}); 0 for an
 *     error
 * @param error why the request failed, e.g. "prompt of 600 tokens plus maxNewTokens 64 exceeds the
 *     context length 512"
 */
public record GenerationResult(
    List<Completion> completions, int promptTokens, long completionTokens, Optional<String> error) {
  public GenerationResult {
    completions = List.copyOf(completions);
    Preconditions.checkArgument(error != null, "error must not be null (use Optional.empty())");
    Preconditions.checkArgument(
        completionTokens >= 0, "completionTokens must be >= 0, but was: %s", completionTokens);
    Preconditions.checkArgument(
        error.isEmpty() || completions.isEmpty(), "a failed request has no completions");
  }

  /** Completions whose token ids are known: they count the generated tokens. */
  public static GenerationResult ok(List<Completion> completions, int promptTokens) {
    long tokens = completions.stream().mapToLong(Completion::completionTokens).sum();
    return new GenerationResult(completions, promptTokens, tokens, Optional.empty());
  }

  /** Completions with the generated-token count a server reported. */
  public static GenerationResult ok(
      List<Completion> completions, int promptTokens, long completionTokens) {
    return new GenerationResult(completions, promptTokens, completionTokens, Optional.empty());
  }

  public static GenerationResult failed(String error) {
    return new GenerationResult(List.of(), 0, 0, Optional.of(error));
  }

  public boolean isOk() {
    return error.isEmpty();
  }

  /** The texts of the completions, in sample order. */
  public List<String> texts() {
    return completions.stream().map(Completion::text).toList();
  }
}
