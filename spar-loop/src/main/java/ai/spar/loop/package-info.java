/**
 * The SPaR iteration loop: generate (Spark job) -> DPO for the actor -> SFT for the refiner ->
 * IFEval evaluation -> promotion gate, with its state in {@code iterations.json} so that a re-run
 * continues from the first incomplete step.
 */
package ai.spar.loop;
