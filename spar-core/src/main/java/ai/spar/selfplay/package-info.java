/**
 * One SPaR self-play round for a batch of instructions (negative collection: actor sampling,
 * judging and the seeded root choice; tree search in waves; training data as {@code ai.spar.data}
 * records), the inference-time tree search that reuses the same negative collection and engine, the
 * one assembly of judge and refiner from a configuration and its prompts ({@code SelfPlayStages}),
 * and a benchmark of a round's model calls, batch occupancy and generated tokens.
 */
package ai.spar.selfplay;
