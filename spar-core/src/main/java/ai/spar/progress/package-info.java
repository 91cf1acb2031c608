/**
 * Progress of long commands (generation, training, evaluation, benchmarks): on a terminal one live
 * line with the rate and the time left, rewritten in place; in logs and CI one line per event
 * through SLF4J, at most one per interval. Formatting is a pure function; only {@link
 * ai.spar.progress.ProgressLine} writes.
 */
package ai.spar.progress;
