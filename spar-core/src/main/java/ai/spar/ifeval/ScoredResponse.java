package ai.spar.ifeval;

import com.google.common.base.Preconditions;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One response scored against its prompt, strict and loose.
 *
 * @param fields the input row's fields, carried through unchanged (e.g. {@code id}, {@code
 *     response})
 * @param prompt the matched prompt
 * @param strict the strict verdicts, one per instruction, in order
 * @param loose the loose verdicts, one per instruction, in order
 */
public record ScoredResponse(
    Map<String, Object> fields,
    IfevalPrompt prompt,
    List<CheckResult> strict,
    List<CheckResult> loose) {
  public ScoredResponse {
    Preconditions.checkArgument(fields != null, "fields must not be null");
    Preconditions.checkArgument(prompt != null, "prompt must not be null");
    Preconditions.checkArgument(
        strict != null && strict.size() == prompt.instructions().size(),
        "strict must hold one verdict per instruction (%s)",
        prompt.instructions().size());
    Preconditions.checkArgument(
        loose != null && loose.size() == prompt.instructions().size(),
        "loose must hold one verdict per instruction (%s)",
        prompt.instructions().size());
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    strict = List.copyOf(strict);
    loose = List.copyOf(loose);
  }

  /** Whether every instruction passed strictly. */
  public boolean strictFollowAll() {
    return strict.stream().allMatch(CheckResult::passed);
  }

  /** Whether every instruction passed loosely. */
  public boolean looseFollowAll() {
    return loose.stream().allMatch(CheckResult::passed);
  }

  /**
   * The output row: carried fields, then {@code key}, {@code instruction_id_list}, the strict and
   * loose verdict lists and the two all-instructions booleans.
   */
  public Map<String, Object> toRow() {
    Map<String, Object> row = new LinkedHashMap<>(fields);
    row.put("key", prompt.key());
    row.put("instruction_id_list", prompt.instructions().instructionIds());
    row.put("strict_follow_instruction_list", strict.stream().map(CheckResult::passed).toList());
    row.put("loose_follow_instruction_list", loose.stream().map(CheckResult::passed).toList());
    row.put("strict_follow_all_instructions", strictFollowAll());
    row.put("loose_follow_all_instructions", looseFollowAll());
    return row;
  }
}
