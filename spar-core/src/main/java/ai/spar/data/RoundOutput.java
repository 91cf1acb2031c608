package ai.spar.data;

import java.util.List;

/**
 * Everything one self-play round produced.
 *
 * @param outcomes exactly one per input instruction, in input order
 * @param samples actor samples with their votes
 * @param nodes every node of every tree
 * @param actorPairs DPO pairs for the actor
 * @param refinerExamples RFT examples for the refiner (capped and de-duplicated)
 * @param refinerPairs sibling preference pairs for the refiner
 * @param stats counts
 */
public record RoundOutput(
    List<InstructionOutcome> outcomes,
    List<ActorSample> samples,
    List<TreeNodeRecord> nodes,
    List<ActorPair> actorPairs,
    List<RefinerExample> refinerExamples,
    List<RefinerPair> refinerPairs,
    RoundStats stats) {
  public RoundOutput {
    outcomes = List.copyOf(outcomes);
    samples = List.copyOf(samples);
    nodes = List.copyOf(nodes);
    actorPairs = List.copyOf(actorPairs);
    refinerExamples = List.copyOf(refinerExamples);
    refinerPairs = List.copyOf(refinerPairs);
  }
}
