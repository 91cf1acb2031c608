/**
 * Training checkpoints: Hugging Face model directories (written by the runtime's checkpoint writer)
 * plus the optimizer moments and {@code trainer_state.json}, published atomically so that a killed
 * run resumes from its last one.
 */
package ai.spar.trainer.checkpoint;
