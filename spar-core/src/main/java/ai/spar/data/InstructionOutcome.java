package ai.spar.data;

import com.google.common.base.Preconditions;

/**
 * The one outcome of an input instruction.
 *
 * @param instructionId the instruction's id (may be blank for an invalid row without one)
 * @param outcome an {@link OutcomeKind} name
 * @param message why (for invalid input, errors and failed searches), or {@code null}
 * @param passed actor samples that passed
 * @param failed actor samples that failed
 * @param undecided actor samples that were tied or could not be judged
 * @param rootSample the index of the sample chosen as the tree root, or {@code null} without a tree
 * @param treeNodes nodes the tree charged to its budget, or {@code null} without a tree
 * @param lineage provenance
 */
public record InstructionOutcome(
    String instructionId,
    String outcome,
    String message,
    int passed,
    int failed,
    int undecided,
    Integer rootSample,
    Integer treeNodes,
    Lineage lineage) {
  public InstructionOutcome {
    Preconditions.checkArgument(instructionId != null, "instructionId must not be null");
    Preconditions.checkArgument(outcome != null, "outcome must not be null");
    OutcomeKind.valueOf(outcome);
    Preconditions.checkArgument(lineage != null, "lineage must not be null");
  }

  /** An outcome without actor samples (invalid input, or an error before sampling). */
  public static InstructionOutcome of(
      String instructionId, OutcomeKind kind, String message, Lineage lineage) {
    return new InstructionOutcome(
        instructionId, kind.name(), message, 0, 0, 0, null, null, lineage);
  }

  public OutcomeKind kind() {
    return OutcomeKind.valueOf(outcome);
  }
}
