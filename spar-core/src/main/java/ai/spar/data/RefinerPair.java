package ai.spar.data;

import java.util.List;

/**
 * A preference pair for the refiner: two sibling refinement replies of one parent, one that passed
 * and one that did not (an extension; the reference trains the refiner with RFT only).
 *
 * @param instructionId the instruction's id
 * @param messages the parent's refine chat
 * @param chosen the passing sibling's reply
 * @param rejected the failing sibling's reply
 * @param chosenValue V of the passing sibling
 * @param rejectedValue V of the failing sibling
 * @param lineage provenance
 */
public record RefinerPair(
    String instructionId,
    List<ChatTurn> messages,
    String chosen,
    String rejected,
    double chosenValue,
    double rejectedValue,
    Lineage lineage) {
  public RefinerPair {
    messages = List.copyOf(messages);
  }
}
