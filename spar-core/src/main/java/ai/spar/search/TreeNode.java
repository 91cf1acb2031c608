package ai.spar.search;

import ai.spar.judge.Judgment;
import com.google.common.base.Preconditions;

/**
 * One node of a search tree.
 *
 * @param id creation order within the tree; the root is 0
 * @param parentId the parent's id, -1 for the root
 * @param depth 0 for the root, parent's depth + 1 otherwise
 * @param response the response text (the refined output for refinements)
 * @param reply the full refinement reply this node was extracted from; {@code null} for the root
 * @param judgment the judgment (for the root: from negative collection)
 * @param value V in [0, 1]; 0 for the root by definition
 * @param visitOrder the order in which nodes were evaluated (root 0); -1 for dropped nodes
 * @param status how the node came to be
 */
public record TreeNode(
    int id,
    int parentId,
    int depth,
    String response,
    String reply,
    Judgment judgment,
    double value,
    int visitOrder,
    NodeStatus status) {
  public TreeNode {
    Preconditions.checkArgument(id >= 0, "id must be >= 0, but was: %s", id);
    Preconditions.checkArgument(parentId >= -1, "parentId must be >= -1, but was: %s", parentId);
    Preconditions.checkArgument(depth >= 0, "depth must be >= 0, but was: %s", depth);
    Preconditions.checkArgument(response != null, "response must not be null");
    Preconditions.checkArgument(judgment != null, "judgment must not be null");
    Preconditions.checkArgument(status != null, "status must not be null");
  }
}
