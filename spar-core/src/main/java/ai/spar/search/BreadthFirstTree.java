package ai.spar.search;

import ai.spar.config.SearchConfig;
import ai.spar.config.SeedDeriver;
import java.util.ArrayList;
import java.util.List;

/**
 * Breadth-first search: each wave expands every frontier node {@code branch} times; only after the
 * whole level is evaluated is the best child checked against the end gate; otherwise the next
 * frontier is {@code selectBranch} children of the level. With branch 1 / select 1 it is the
 * iterative-refinement chain; with one level it is best-of-N.
 */
final class BreadthFirstTree extends SearchTree {
  private final int branch;
  private final int selectBranch;
  private final int maxDepth;
  private List<TreeNode> frontier;
  private int level;

  BreadthFirstTree(
      TreeRoot root,
      SearchConfig config,
      SeedDeriver seeds,
      int tieAttempts,
      int branch,
      int selectBranch,
      int maxDepth) {
    super(root, config, seeds, tieAttempts);
    this.branch = branch;
    this.selectBranch = selectBranch;
    this.maxDepth = maxDepth;
    this.frontier = List.of(rootNode());
  }

  @Override
  protected List<Expansion> plan() {
    if (level >= maxDepth) {
      return List.of();
    }
    List<Expansion> plan = new ArrayList<>(frontier.size());
    for (TreeNode node : frontier) {
      plan.add(new Expansion(node.id(), branch));
    }
    return plan;
  }

  @Override
  protected void onWaveEvaluated(List<TreeNode> children) {
    level++;
    if (children.isEmpty()) {
      frontier = List.of();
      return;
    }
    TreeNode best = best(children);
    if (best.value() > config.endGate()) {
      succeed(best);
      return;
    }
    frontier = select(children, selectBranch);
  }
}
