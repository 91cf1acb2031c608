package ai.spar.data;

import java.util.List;

/**
 * A supervised example for the refiner: a chat prompt and the target reply.
 *
 * @param instructionId the instruction's id
 * @param kind a {@link RefinerExampleKind} name
 * @param messages the prompt turns (one user turn for judgments; three turns for refinements)
 * @param completion the target reply (a critique, or a refinement reply)
 * @param value V of the judged node or sample the example came from
 * @param lineage provenance
 */
public record RefinerExample(
    String instructionId,
    String kind,
    List<ChatTurn> messages,
    String completion,
    double value,
    Lineage lineage) {
  public RefinerExample {
    messages = List.copyOf(messages);
  }

  /** The prompt text examples are de-duplicated by. */
  public String promptKey() {
    StringBuilder key = new StringBuilder();
    for (ChatTurn turn : messages) {
      key.append(turn.role()).append('\u0000').append(turn.content()).append('\u0001');
    }
    return key.toString();
  }
}
