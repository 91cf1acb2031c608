package ai.spar.data;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A minimally different preference pair for the actor's DPO.
 *
 * @param instructionId the instruction's id
 * @param prompt the instruction (the single user turn)
 * @param chosen the successful refinement
 * @param rejected the original failed response (the tree root, not the immediate parent)
 * @param chosenValue V of the chosen response
 * @param rejectedValue V of the rejected response's collection judgment
 * @param depth the successful node's depth
 * @param treeNodes nodes the tree charged to its budget (column {@code nodes_used}, the name the
 *     tables have always had)
 * @param editDistance character-level (code point) Levenshtein distance between chosen and rejected
 * @param similarity {@code 1 - editDistance / max(length)}, in [0, 1]
 * @param policy the search policy
 * @param lineage provenance
 */
public record ActorPair(
    String instructionId,
    String prompt,
    String chosen,
    String rejected,
    double chosenValue,
    double rejectedValue,
    int depth,
    @JsonProperty("nodes_used") int treeNodes,
    int editDistance,
    double similarity,
    String policy,
    Lineage lineage) {}
