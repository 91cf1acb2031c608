/**
 * Safetensors checkpoints: reading single files and index-sharded sets through memory maps (F32,
 * F16 and BF16, the half-precision types widened to float32 in Java), writing them, and the content
 * hash recorded as provenance.
 */
package ai.spar.llm.weights;
