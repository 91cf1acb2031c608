package ai.spar.config;

/** Which tree search refines a failed response. */
public enum SearchPolicy {
  /** Breadth-first: expand a whole level, check success after the level (the paper's default). */
  BFS,
  /** Depth-first: expand a node, succeed or recurse into the best children first. */
  DFS,
  /** Iterative refinement baseline: a chain, one refinement per step. */
  ITERATIVE,
  /** Best-of-N baseline: N independent refinements of the root, keep the best. */
  BEST_OF_N
}
