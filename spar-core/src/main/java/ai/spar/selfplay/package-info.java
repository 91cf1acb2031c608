/**
 * One SPaR self-play round for a batch of instructions (actor sampling, judging, seeded root
 * choice, tree search in waves, training data as {@code ai.spar.data} records), the inference-time
 * tree search that reuses the same engine, and a benchmark of a round's model calls, batch
 * occupancy and generated tokens.
 */
package ai.spar.selfplay;
