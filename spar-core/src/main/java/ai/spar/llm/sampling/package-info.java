/**
 * Token sampling as composable strategies over a row of logits: greedy, temperature, top-k and
 * top-p filters and a categorical draw from an explicit, seeded random generator. Pure Java, no
 * tensors.
 */
package ai.spar.llm.sampling;
