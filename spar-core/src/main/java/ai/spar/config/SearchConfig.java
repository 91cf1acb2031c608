package ai.spar.config;

import com.google.common.base.Preconditions;

/**
 * The tree search that refines a failed response.
 *
 * @param policy BFS (default), DFS, or one of the baselines
 * @param branch refinements per expanded node (BFS, DFS), {@code >= 1}
 * @param selectBranch children kept for the next level (BFS) or recursed into (DFS), in [1, branch]
 * @param maxDepth deepest level of refinements (BFS, DFS), {@code >= 1}
 * @param endGate a node succeeds when its value is strictly above this, in [0, 1)
 * @param nodeBudget the most nodes a tree may evaluate (cache hits count, dropped ties do not),
 *     {@code >= 1}
 * @param selection greedy or value-proportional choice of the children to expand
 * @param chainLength the longest chain of the iterative-refinement baseline, {@code >= 1}
 * @param bestOfN the number of root refinements of the best-of-N baseline, {@code >= 1}
 */
public record SearchConfig(
    SearchPolicy policy,
    int branch,
    int selectBranch,
    int maxDepth,
    double endGate,
    int nodeBudget,
    Selection selection,
    int chainLength,
    int bestOfN) {
  public static final SearchPolicy DEFAULT_POLICY = SearchPolicy.BFS;
  public static final int DEFAULT_BRANCH = 3;
  public static final int DEFAULT_SELECT_BRANCH = 2;
  public static final int DEFAULT_MAX_DEPTH = 3;
  public static final double DEFAULT_END_GATE = 0.5;

  /** Enough for the deepest default search (DFS: 3 + 6 + 12); BFS needs at most 3 + 6 + 6. */
  public static final int DEFAULT_NODE_BUDGET = 21;

  public static final Selection DEFAULT_SELECTION = Selection.GREEDY;

  /**
   * The baselines default to BFS's largest tree (15 nodes), so comparisons spend the same budget.
   */
  public static final int DEFAULT_CHAIN_LENGTH = 15;

  public static final int DEFAULT_BEST_OF_N = 15;

  public SearchConfig {
    Preconditions.checkArgument(
        policy != null, "search.policy must be one of bfs, dfs, iterative, best_of_n");
    Preconditions.checkArgument(branch >= 1, "search.branch must be >= 1, but was: %s", branch);
    Preconditions.checkArgument(
        selectBranch >= 1 && selectBranch <= branch,
        "search.select_branch must be in [1, branch=%s], but was: %s",
        branch,
        selectBranch);
    Preconditions.checkArgument(
        maxDepth >= 1, "search.max_depth must be >= 1, but was: %s", maxDepth);
    Preconditions.checkArgument(
        endGate >= 0 && endGate < 1, "search.end_gate must be in [0, 1), but was: %s", endGate);
    Preconditions.checkArgument(
        nodeBudget >= 1, "search.node_budget must be >= 1, but was: %s", nodeBudget);
    Preconditions.checkArgument(
        selection != null, "search.selection must be one of greedy, proportional");
    Preconditions.checkArgument(
        chainLength >= 1, "search.chain_length must be >= 1, but was: %s", chainLength);
    Preconditions.checkArgument(
        bestOfN >= 1, "search.best_of_n must be >= 1, but was: %s", bestOfN);
  }

  /** The paper's settings: BFS, branch 3, select_branch 2, max_depth 3, end_gate 0.5, greedy. */
  public static SearchConfig defaults() {
    return new SearchConfig(
        DEFAULT_POLICY,
        DEFAULT_BRANCH,
        DEFAULT_SELECT_BRANCH,
        DEFAULT_MAX_DEPTH,
        DEFAULT_END_GATE,
        DEFAULT_NODE_BUDGET,
        DEFAULT_SELECTION,
        DEFAULT_CHAIN_LENGTH,
        DEFAULT_BEST_OF_N);
  }

  public SearchConfig withPolicy(SearchPolicy newPolicy) {
    return new SearchConfig(
        newPolicy,
        branch,
        selectBranch,
        maxDepth,
        endGate,
        nodeBudget,
        selection,
        chainLength,
        bestOfN);
  }

  public SearchConfig withNodeBudget(int newBudget) {
    return new SearchConfig(
        policy,
        branch,
        selectBranch,
        maxDepth,
        endGate,
        newBudget,
        selection,
        chainLength,
        bestOfN);
  }

  public SearchConfig withSelection(Selection newSelection) {
    return new SearchConfig(
        policy,
        branch,
        selectBranch,
        maxDepth,
        endGate,
        nodeBudget,
        newSelection,
        chainLength,
        bestOfN);
  }
}
