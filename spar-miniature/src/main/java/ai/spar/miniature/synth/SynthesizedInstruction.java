package ai.spar.miniature.synth;

import ai.spar.ifeval.VerifiableInstructions;
import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One synthesized instruction: a task on a topic plus verifiable constraints, in IFEval's row form.
 *
 * @param id a stable id derived from the seed and the row index
 * @param prompt the full prompt text (task sentence followed by the constraint phrases)
 * @param topic the topic of the task
 * @param task the task sentence alone (what {@code combination:repeat_prompt} asks to repeat)
 * @param instructions the constraint ids and kwargs
 */
public record SynthesizedInstruction(
    String id, String prompt, String topic, String task, VerifiableInstructions instructions) {
  public SynthesizedInstruction {
    Preconditions.checkArgument(id != null && !id.isBlank(), "id must not be blank");
    Preconditions.checkArgument(prompt != null && !prompt.isBlank(), "prompt must not be blank");
    Preconditions.checkArgument(topic != null && task != null, "topic and task must not be null");
    Preconditions.checkArgument(instructions != null, "instructions must not be null");
  }

  /** The JSONL row: {@code id}, {@code prompt}, {@code instruction_id_list}, {@code kwargs}. */
  public Map<String, Object> toRow() {
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("prompt", prompt);
    row.put("instruction_id_list", instructions.instructionIds());
    row.put("kwargs", instructions.kwargs());
    return row;
  }
}
