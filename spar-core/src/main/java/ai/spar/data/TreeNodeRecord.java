package ai.spar.data;

import java.util.List;

/**
 * One node of a refinement tree.
 *
 * @param instructionId the instruction's id
 * @param nodeId the node's id within its tree (root 0)
 * @param parentId the parent's id, {@code null} for the root
 * @param depth 0 for the root
 * @param response the node's response
 * @param reply the full refinement reply, {@code null} for the root
 * @param critique the node's majority-consistent judgment
 * @param value V (0 for the root)
 * @param votes every vote of the node's judgment
 * @param visitOrder evaluation order, -1 for dropped nodes
 * @param status {@code ROOT}, {@code EVALUATED}, {@code CACHED}, {@code DROPPED_TIE} or {@code
 *     DROPPED_ERROR}
 * @param decidedBy {@code llm} or {@code rules}
 * @param success whether this is the tree's successful node
 * @param policy the search policy
 * @param lineage provenance
 */
public record TreeNodeRecord(
    String instructionId,
    int nodeId,
    Integer parentId,
    int depth,
    String response,
    String reply,
    String critique,
    double value,
    List<VoteRecord> votes,
    int visitOrder,
    String status,
    String decidedBy,
    boolean success,
    String policy,
    Lineage lineage) {
  public TreeNodeRecord {
    votes = List.copyOf(votes);
  }
}
