/**
 * Judging whether a response follows its instruction: the judgment prompt, verdict parsing, the
 * refiner's N-vote {@link ai.spar.judge.MajorityVoteJudge}, the IFEval-based {@link
 * ai.spar.judge.RuleJudge} and the {@link ai.spar.judge.HybridJudge} that combines them. Every
 * judge is batch-first (one model call per list of items) and every {@link ai.spar.judge.Judgment}
 * records which judge decided.
 */
package ai.spar.judge;
