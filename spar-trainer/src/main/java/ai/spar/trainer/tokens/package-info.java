/**
 * Chat examples to token sequences through the model's own chat template, with a per-token target
 * mask (prompt and context turns masked, assistant targets trained), the length cutoff with counted
 * truncation, and length-grouped batch planning.
 */
package ai.spar.trainer.tokens;
