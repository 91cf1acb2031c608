package ai.spar.spark;

import ai.spar.data.InstructionOutcome;
import ai.spar.data.Lineage;
import ai.spar.data.OutcomeKind;
import ai.spar.selfplay.Instruction;
import com.google.common.base.Preconditions;

/**
 * One input row after validation: either an {@link Instruction} the job runs, or a rejection that
 * becomes the row's {@code INVALID_INPUT} outcome. A row that cannot be used keeps its position and
 * the reason instead of disappearing. The validation happens once, when the input is read ({@link
 * InputParser} for a row's content, {@link InputReader} for ids repeated across rows); the tasks
 * only act on the verdict.
 *
 * @param row 1-based position of the row in the input (files in name order, lines in order)
 * @param id the instruction id: the row's {@code id} (or IFEval's {@code key}), else derived from
 *     the prompt's hash, else {@code row-<n>} for a row without a usable prompt
 * @param instruction the validated instruction (its constraints already checked against the IFEval
 *     registry), or {@code null} when rejected
 * @param error why the row cannot be used, or {@code null} when it is valid
 */
public record InputRow(long row, String id, Instruction instruction, String error) {
  public InputRow {
    Preconditions.checkArgument(id != null, "id must not be null");
    Preconditions.checkArgument(
        (instruction == null) != (error == null),
        "a row holds an instruction or an error, but had instruction=%s and error=%s",
        instruction,
        error);
    Preconditions.checkArgument(
        instruction == null || instruction.id().equals(id),
        "the instruction's id must be the row's id %s, but was: %s",
        id,
        instruction == null ? null : instruction.id());
  }

  /** A valid row: its instruction, with the instruction's id. */
  static InputRow valid(long row, Instruction instruction) {
    return new InputRow(row, instruction.id(), instruction, null);
  }

  /** A rejected row. */
  static InputRow invalid(long row, String id, String error) {
    return new InputRow(row, id, null, error);
  }

  public boolean isValid() {
    return error == null;
  }

  /**
   * The outcome of a rejected row: the one place the job makes {@code INVALID_INPUT} outcomes.
   *
   * @param lineage the job's lineage, carried by every record of the run
   * @throws IllegalStateException when the row is valid
   */
  InstructionOutcome rejection(Lineage lineage) {
    Preconditions.checkState(!isValid(), "row %s is valid and has no rejection", row);
    return InstructionOutcome.of(id, OutcomeKind.INVALID_INPUT, error, lineage);
  }
}
