/**
 * The SPaR iteration loop: generate (Spark job) -> DPO for the actor -> SFT for the refiner ->
 * IFEval evaluation -> promotion gate ({@link ai.spar.loop.Step}, one result record per step), with
 * its state in {@code iterations.json} so that a re-run continues from the first incomplete step.
 * Where the actor's preference pairs come from is a strategy ({@link ai.spar.loop.PairSource}); the
 * training steps ({@link ai.spar.loop.IterationTraining}) serve benchmarks that run iterations of
 * their own.
 */
package ai.spar.loop;
