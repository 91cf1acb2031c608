package ai.spar.llm;

import com.google.common.base.Preconditions;

/**
 * A continuation to score after a prompt. The continuation is tokenized on its own and appended to
 * the prompt's tokens, so prompt and continuation tokens never merge across the boundary.
 *
 * @param appendEos whether to also score the model's end-of-sequence token after the continuation
 */
public record ScoringRequest(Prompt prompt, String continuation, boolean appendEos) {
  public ScoringRequest {
    Preconditions.checkArgument(prompt != null, "prompt must not be null");
    Preconditions.checkArgument(continuation != null, "continuation must not be null");
  }
}
