/**
 * Synthesis of verifiable instructions (tasks on topics plus IFEval constraints that never
 * contradict each other) and a programmatic teacher that writes responses satisfying them. The
 * constraint catalogue ({@link ai.spar.miniature.synth.ConstraintCatalog}) is the one way
 * constraints are drawn: its IFEval-style catalogue serves {@code spar instructions synth}, the
 * miniature's catalogue (same drawing, its own ids and word bank) the miniature's task stream.
 */
package ai.spar.miniature.synth;
