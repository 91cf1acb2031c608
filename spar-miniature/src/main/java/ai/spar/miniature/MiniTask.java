package ai.spar.miniature;

import ai.spar.ifeval.VerifiableInstructions;
import ai.spar.miniature.synth.Constraint;
import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One miniature instruction: a short task about a subject plus one or two verifiable constraints.
 *
 * @param id a stable id derived from the seed and the row index
 * @param prompt the full prompt: the task sentence followed by each constraint's phrase
 * @param subject what the task is about, and the words its responses draw on
 * @param task the task sentence alone
 * @param constraints the IFEval constraints (ids, kwargs and the phrases that ask for them)
 */
public record MiniTask(
    String id, String prompt, Subject subject, String task, List<Constraint> constraints) {
  public MiniTask {
    Preconditions.checkArgument(id != null && !id.isBlank(), "id must not be blank");
    Preconditions.checkArgument(prompt != null && !prompt.isBlank(), "prompt must not be blank");
    Preconditions.checkArgument(subject != null, "subject must not be null");
    Preconditions.checkArgument(task != null && !task.isBlank(), "task must not be blank");
    Preconditions.checkArgument(
        constraints != null && !constraints.isEmpty(),
        "constraints must hold at least one constraint, but was: %s",
        constraints);
    constraints = List.copyOf(constraints);
  }

  /** The constraints in IFEval's form. */
  public VerifiableInstructions instructions() {
    return new VerifiableInstructions(
        constraints.stream().map(Constraint::id).toList(),
        constraints.stream().map(Constraint::kwargs).toList());
  }

  /** Whether the task carries the constraint {@code id}. */
  public boolean has(String id) {
    return constraints.stream().anyMatch(c -> c.id().equals(id));
  }

  /** The constraint with {@code id}, which the task must carry. */
  public Constraint constraint(String id) {
    return constraints.stream()
        .filter(c -> c.id().equals(id))
        .findFirst()
        .orElseThrow(
            () -> new IllegalArgumentException("task " + this.id + " has no constraint " + id));
  }

  /** The JSONL row: {@code id}, {@code prompt}, {@code instruction_id_list}, {@code kwargs}. */
  public Map<String, Object> toRow() {
    VerifiableInstructions instructions = instructions();
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("id", id);
    row.put("prompt", prompt);
    row.put("instruction_id_list", instructions.instructionIds());
    row.put("kwargs", instructions.kwargs());
    return row;
  }

  /**
   * What a task is about.
   *
   * @param adjective the subject's adjective ("red")
   * @param noun the subject's noun ("fox")
   * @param place a place the task or its responses mention ("park")
   * @param verb a verb the task or its responses use, base form ("run")
   * @param verbThirdPerson the same verb in the third person singular ("runs")
   */
  public record Subject(
      String adjective, String noun, String place, String verb, String verbThirdPerson) {
    public Subject {
      for (String w : new String[] {adjective, noun, place, verb, verbThirdPerson}) {
        Preconditions.checkArgument(w != null && !w.isBlank(), "subject words must not be blank");
      }
    }

    /** "a red fox" or "an orange cat". */
    public String withArticle() {
      return Phrases.article(adjective) + " " + adjective + " " + noun;
    }
  }
}
