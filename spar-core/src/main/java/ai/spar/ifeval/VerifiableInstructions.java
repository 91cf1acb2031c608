package ai.spar.ifeval;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verifiable constraints attached to a prompt, in IFEval's form: parallel lists of instruction
 * ids and their keyword arguments.
 *
 * @param instructionIds reference ids such as {@code keywords:existence}
 * @param kwargs one argument map per id (may be empty; values are strings, numbers or lists as in
 *     IFEval's data)
 */
public record VerifiableInstructions(
    List<String> instructionIds, List<Map<String, Object>> kwargs) {
  public VerifiableInstructions {
    Preconditions.checkArgument(instructionIds != null, "instructionIds must not be null");
    Preconditions.checkArgument(kwargs != null, "kwargs must not be null");
    Preconditions.checkArgument(
        instructionIds.size() == kwargs.size(),
        "instruction_id_list has %s entries but kwargs has %s; they must be parallel",
        instructionIds.size(),
        kwargs.size());
    instructionIds = List.copyOf(instructionIds);
    List<Map<String, Object>> copies = new ArrayList<>(kwargs.size());
    for (Map<String, Object> k : kwargs) {
      copies.add(k == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(k)));
    }
    kwargs = Collections.unmodifiableList(copies);
  }

  public static final VerifiableInstructions NONE =
      new VerifiableInstructions(List.of(), List.of());

  public boolean isEmpty() {
    return instructionIds.isEmpty();
  }

  public int size() {
    return instructionIds.size();
  }
}
