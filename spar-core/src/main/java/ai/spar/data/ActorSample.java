package ai.spar.data;

import java.util.List;

/**
 * One actor answer from negative collection with its judgment.
 *
 * @param instructionId the instruction's id
 * @param sampleIndex the completion's index among the K samples
 * @param response the answer
 * @param decision {@code PASS}, {@code FAIL}, {@code UNDECIDED} or {@code ERROR}
 * @param value V = yes / (yes + no)
 * @param yes Yes votes
 * @param no No votes
 * @param unparseable unparseable votes
 * @param critique the majority-consistent judgment (empty when undecided)
 * @param votes every vote
 * @param decidedBy {@code llm} or {@code rules}
 * @param error the judge's error, or {@code null}
 * @param seed the seed of the actor request the answer was sampled from
 * @param lineage provenance
 */
public record ActorSample(
    String instructionId,
    int sampleIndex,
    String response,
    String decision,
    double value,
    int yes,
    int no,
    int unparseable,
    String critique,
    List<VoteRecord> votes,
    String decidedBy,
    String error,
    long seed,
    Lineage lineage) {
  public ActorSample {
    votes = List.copyOf(votes);
  }
}
