/**
 * The miniature SPaR task family: short tasks about word-bank subjects with one or two verifiable
 * constraints, and a deterministic programmatic teacher that writes compliant responses, imperfect
 * twins that fail exactly one constraint, judgments in the method's format and refinements, plus
 * the SFT mixture built from them and the miniature model's tokenizer and size preset.
 */
package ai.spar.miniature;
