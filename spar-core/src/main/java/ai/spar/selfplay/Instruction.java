package ai.spar.selfplay;

import ai.spar.ifeval.VerifiableInstructions;

/**
 * One input instruction, as read from a row. Deliberately lenient: a blank id or prompt is not an
 * exception but an {@code INVALID_INPUT} outcome of the round (see {@link #invalidReason()}).
 *
 * @param id the stable id seeds derive from
 * @param prompt the instruction text
 * @param constraints verifiable constraints, {@link VerifiableInstructions#NONE} if none
 */
public record Instruction(String id, String prompt, VerifiableInstructions constraints) {
  public Instruction {
    constraints = constraints == null ? VerifiableInstructions.NONE : constraints;
  }

  public static Instruction of(String id, String prompt) {
    return new Instruction(id, prompt, VerifiableInstructions.NONE);
  }

  /** Why the instruction cannot be used, or {@code null} when it can. */
  public String invalidReason() {
    if (id == null || id.isBlank()) {
      return "id must not be blank";
    }
    if (prompt == null || prompt.isBlank()) {
      return "prompt must not be blank";
    }
    return null;
  }
}
