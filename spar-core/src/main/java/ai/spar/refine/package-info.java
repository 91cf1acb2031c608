/**
 * Refinement of a judged response: the three-turn refine chat (judgment prompt, the critique, the
 * refinement prompt), extraction of the refined output between {@code [[start]]} and {@code
 * [[end]]}, and the batch-first {@link ai.spar.refine.Refiner} that retries format failures up to a
 * configured limit.
 */
package ai.spar.refine;
