/**
 * Writes the miniature's dataset files: the tokenizer, the initial checkpoint, the SFT mixture as
 * Parquet in the trainer's SFT form, and the SPaR training and held-out evaluation instructions as
 * JSONL.
 */
package ai.spar.miniature.dataset;
