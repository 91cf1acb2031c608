package ai.spar.search;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The finished search of one tree.
 *
 * @param root where the search started
 * @param nodes every node, indexed by id (dropped nodes included)
 * @param successId the first node whose value passed the end gate, or -1 (then the search failed)
 * @param bestId the usable node with the highest value (earliest on ties); the fallback when the
 *     search failed
 * @param treeNodes nodes the tree charged to its budget (evaluated plus cache hits; tied nodes
 *     dropped uncharged do not count)
 * @param cacheHits refinements whose judgment came from the tree's cache
 * @param droppedTies refinements dropped after tied judgments
 * @param formatFailures refinement replies without the output format
 * @param skippedBranches refinements given up after the last format attempt
 * @param waves the waves this tree took part in
 * @param errors model errors met by this tree
 */
public record SearchResult(
    TreeRoot root,
    List<TreeNode> nodes,
    int successId,
    int bestId,
    int treeNodes,
    int cacheHits,
    int droppedTies,
    int formatFailures,
    int skippedBranches,
    int waves,
    List<String> errors) {
  public SearchResult {
    Preconditions.checkArgument(root != null, "root must not be null");
    nodes = List.copyOf(nodes);
    errors = List.copyOf(errors);
    Preconditions.checkArgument(
        successId >= -1 && successId < nodes.size(), "successId out of range: %s", successId);
    Preconditions.checkArgument(
        bestId >= 0 && bestId < nodes.size(), "bestId out of range: %s", bestId);
  }

  public boolean succeeded() {
    return successId >= 0;
  }

  /** The successful node; only when {@link #succeeded()}. */
  public TreeNode success() {
    Preconditions.checkState(succeeded(), "the search of %s failed", root.instructionId());
    return nodes.get(successId);
  }

  public TreeNode best() {
    return nodes.get(bestId);
  }
}
