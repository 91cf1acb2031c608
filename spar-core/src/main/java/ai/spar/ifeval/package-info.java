/**
 * IFEval: the 25 verifiable-instruction checkers with the reference ids ({@link
 * ai.spar.ifeval.InstructionRegistry}), strict and loose evaluation ({@link
 * ai.spar.ifeval.IfevalVerifier}) reproducing Google Research's {@code instruction_following_eval}
 * verdict for verdict, and the benchmark scorer. Checkers are pure functions; text measurements
 * live in {@code ifeval.text}, language detection in {@code ifeval.language}. (Instruction
 * synthesis for demos lives in spar-miniature, {@code ai.spar.miniature.synth}.)
 */
package ai.spar.ifeval;
