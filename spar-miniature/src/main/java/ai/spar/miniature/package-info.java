/**
 * The miniature SPaR task family: short tasks about word-bank subjects with one or two verifiable
 * constraints, and a deterministic programmatic teacher that writes compliant responses, imperfect
 * twins that fail exactly one constraint, judgments in the method's format and refinements, plus
 * the SFT mixture built from them and the miniature model's tokenizer and size preset. Also the
 * miniature's measurement ({@link ai.spar.miniature.MiniatureEvaluator}: actor strict accuracy,
 * judge accuracy and refinement success against the IFEval checkers) and the independent-sampling
 * pairs of the method's ablation ({@link ai.spar.miniature.IndependentPairs}).
 */
package ai.spar.miniature;
