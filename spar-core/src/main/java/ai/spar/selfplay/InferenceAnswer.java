package ai.spar.selfplay;

/**
 * The answer of inference-time tree search for one instruction.
 *
 * @param instructionId the instruction's id
 * @param response the answer ({@code null} on error)
 * @param source {@code ACTOR} (the first answer passed or could not be judged), {@code REFINED} (a
 *     refinement passed) or {@code FALLBACK} (no refinement passed: the best node of the tree)
 * @param value V of the answer's judgment
 * @param depth the answer's depth in the tree: 0 for the actor's answer, {@code d} for a refinement
 *     {@code d} steps below the root
 * @param treeNodes nodes the tree charged to its budget (0 without a tree)
 * @param error why there is no answer, or {@code null}
 */
public record InferenceAnswer(
    String instructionId,
    String response,
    String source,
    double value,
    int depth,
    int treeNodes,
    String error) {

  /** Whether the instruction got an answer (no error). */
  public boolean isOk() {
    return error == null;
  }
}
