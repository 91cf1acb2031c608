/**
 * Synthesis of verifiable instructions (tasks on topics plus IFEval constraints that never
 * contradict each other) and a programmatic teacher that writes responses satisfying them.
 */
package ai.spar.miniature.synth;
