package ai.spar.spark;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * One input row after parsing, valid or not. A row that cannot be used keeps its position and the
 * reason, so it becomes an {@code INVALID_INPUT} outcome instead of disappearing.
 *
 * @param row 1-based position of the row in the input (files in name order, lines in order)
 * @param id the instruction id: the row's {@code id} (or IFEval's {@code key}), else derived from
 *     the prompt's hash, else {@code row-<n>} for a row without a usable prompt
 * @param prompt the instruction text, or {@code null} when invalid
 * @param instructionIdList verifiable instruction ids (IFEval form), empty if none
 * @param kwargsJson the IFEval {@code kwargs} list as a JSON array, {@code "[]"} if none
 * @param error why the row cannot be used, or {@code null}
 */
public record InputRow(
    long row,
    String id,
    String prompt,
    List<String> instructionIdList,
    String kwargsJson,
    String error) {
  public InputRow {
    Preconditions.checkArgument(id != null, "id must not be null");
    instructionIdList = instructionIdList == null ? List.of() : List.copyOf(instructionIdList);
    kwargsJson = kwargsJson == null ? "[]" : kwargsJson;
  }

  public boolean isValid() {
    return error == null;
  }

  static InputRow invalid(long row, String id, String error) {
    return new InputRow(row, id, null, List.of(), "[]", error);
  }
}
