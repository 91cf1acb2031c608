package ai.spar.llm;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The log-probabilities of a prompt's own tokens: what an OpenAI-compatible server returns for
 * {@code /v1/completions} with {@code echo: true}, {@code logprobs: k} and {@code max_tokens: 0}.
 * All lists hold one entry per prompt token, in order.
 *
 * @param tokens the text of each token: its piece of the decoded prompt (empty for special tokens
 *     such as a BOS)
 * @param textOffsets where each token's text starts in the decoded prompt, in chars
 * @param tokenLogProbs natural-log probability of each token given the tokens before it; NaN for
 *     the first token, which nothing predicts
 * @param topLogProbs per token, the {@code k} most likely tokens at its position (token text to
 *     log-probability, most likely first); empty for the first token
 * @param error why the prompt could not be scored, if it could not (then every list is empty)
 */
public record PromptLogProbs(
    List<String> tokens,
    List<Integer> textOffsets,
    List<Double> tokenLogProbs,
    List<Map<String, Double>> topLogProbs,
    Optional<String> error) {
  public PromptLogProbs {
    tokens = List.copyOf(tokens);
    textOffsets = List.copyOf(textOffsets);
    tokenLogProbs = List.copyOf(tokenLogProbs);
    topLogProbs = List.copyOf(topLogProbs);
  }

  public static PromptLogProbs failed(String error) {
    return new PromptLogProbs(List.of(), List.of(), List.of(), List.of(), Optional.of(error));
  }

  public boolean isOk() {
    return error.isEmpty();
  }
}
