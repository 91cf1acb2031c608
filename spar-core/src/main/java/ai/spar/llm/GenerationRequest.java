package ai.spar.llm;

import com.google.common.base.Preconditions;

/** One prompt and how to sample from it. */
public record GenerationRequest(Prompt prompt, SamplingParams sampling) {
  public GenerationRequest {
    Preconditions.checkArgument(prompt != null, "prompt must not be null");
    Preconditions.checkArgument(sampling != null, "sampling must not be null");
  }
}
