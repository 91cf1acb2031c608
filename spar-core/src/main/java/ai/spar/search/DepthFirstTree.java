package ai.spar.search;

import ai.spar.config.SearchConfig;
import ai.spar.config.SeedDeriver;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Depth-first search: each wave expands one node {@code branch} times; if the best child passes the
 * end gate the search succeeds, otherwise the search recurses into the top {@code selectBranch}
 * children, best first, down to {@code maxDepth}.
 */
final class DepthFirstTree extends SearchTree {
  private final Deque<TreeNode> stack = new ArrayDeque<>();

  DepthFirstTree(TreeRoot root, SearchConfig config, SeedDeriver seeds, int tieAttempts) {
    super(root, config, seeds, tieAttempts);
    stack.push(rootNode());
  }

  @Override
  protected List<Expansion> plan() {
    if (stack.isEmpty()) {
      return List.of();
    }
    return List.of(new Expansion(stack.peek().id(), config.branch()));
  }

  @Override
  protected void onWaveEvaluated(List<TreeNode> children) {
    stack.pop();
    if (children.isEmpty()) {
      return;
    }
    TreeNode best = best(children);
    if (best.value() > config.endGate()) {
      succeed(best);
      return;
    }
    List<TreeNode> chosen = select(children, config.selectBranch());
    for (int i = chosen.size() - 1; i >= 0; i--) {
      if (chosen.get(i).depth() < config.maxDepth()) {
        stack.push(chosen.get(i));
      }
    }
  }
}
