package ai.spar.config;

/** How the children to expand next are chosen among a level's evaluated children. */
public enum Selection {
  /** The top children by value; ties keep generation order. */
  GREEDY,
  /** Children sampled without replacement with probability proportional to their value (seeded). */
  PROPORTIONAL
}
