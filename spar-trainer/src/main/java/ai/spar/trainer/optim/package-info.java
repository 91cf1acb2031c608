/**
 * Optimization: AdamW with decoupled weight decay over named engine parameters, gradient clipping,
 * and schedules.
 */
package ai.spar.trainer.optim;
