package ai.spar.search;

import ai.spar.ifeval.VerifiableInstructions;
import ai.spar.judge.Judgment;
import com.google.common.base.Preconditions;

/**
 * Where a search starts: a failed response of an instruction with its judgment (whose critique
 * drives the first refinement).
 *
 * @param instructionId the instruction's stable id (seeds derive from it)
 * @param instruction the instruction text
 * @param constraints verifiable constraints, for rule judges
 * @param response the failed response
 * @param judgment its judgment from negative collection
 */
public record TreeRoot(
    String instructionId,
    String instruction,
    VerifiableInstructions constraints,
    String response,
    Judgment judgment) {
  public TreeRoot {
    Preconditions.checkArgument(instructionId != null, "instructionId must not be null");
    Preconditions.checkArgument(instruction != null, "instruction must not be null");
    Preconditions.checkArgument(response != null, "response must not be null");
    Preconditions.checkArgument(judgment != null, "judgment must not be null");
    constraints = constraints == null ? VerifiableInstructions.NONE : constraints;
  }
}
