package ai.spar.search;

/** How a node of a search tree came to be. */
public enum NodeStatus {
  /** The failed response the search starts from (value 0 by definition). */
  ROOT,
  /** A refinement judged by the judge; charged to the budget. */
  EVALUATED,
  /**
   * A refinement whose exact text was judged before in this tree; the judgment is reused and
   * charged.
   */
  CACHED,
  /** A refinement whose judgment stayed tied after every attempt; dropped without charge. */
  DROPPED_TIE,
  /** A refinement the judge could not judge (a model error); dropped without charge. */
  DROPPED_ERROR;

  /** Whether the node takes part in the search (has a usable value). */
  public boolean usable() {
    return this == ROOT || this == EVALUATED || this == CACHED;
  }
}
