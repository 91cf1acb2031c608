/**
 * Tree-search refinement: per-tree state machines for BFS, DFS and the two baselines (iterative
 * refinement, best-of-N), and the {@link ai.spar.search.WaveScheduler} that advances many trees
 * together so that each wave costs one refinement batch and one judgment batch (plus bounded
 * retries) for all trees at once.
 */
package ai.spar.search;
