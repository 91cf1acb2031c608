package ai.spar.llm;

import com.google.common.base.Preconditions;

/**
 * Identity and limits of a loaded model, recorded as provenance on everything it produces.
 *
 * @param id a human-readable identifier (the model directory's name, or a configured name)
 * @param weightsHash hex SHA-256 over the weight files' contents, stable across copies of the
 *     checkpoint
 * @param contextLength maximum number of positions (prompt plus generated tokens)
 * @param vocabSize size of the output vocabulary
 * @param chatTemplateHash hex SHA-256 of the chat template, empty if the model has none
 */
public record ModelInfo(
    String id, String weightsHash, int contextLength, int vocabSize, String chatTemplateHash) {
  public ModelInfo {
    Preconditions.checkArgument(id != null && !id.isBlank(), "id must not be blank");
    Preconditions.checkArgument(weightsHash != null, "weightsHash must not be null");
    Preconditions.checkArgument(
        contextLength > 0, "contextLength must be > 0, was %s", contextLength);
    Preconditions.checkArgument(vocabSize > 0, "vocabSize must be > 0, was %s", vocabSize);
    chatTemplateHash = chatTemplateHash == null ? "" : chatTemplateHash;
  }
}
