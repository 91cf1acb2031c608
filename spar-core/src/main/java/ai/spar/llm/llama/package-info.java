/**
 * The Llama-family decoder (Llama 2/3/3.1/3.2, Mistral, Qwen2, GLM) on DJL's PyTorch engine:
 * Hugging Face {@code config.json} and {@code generation_config.json} binding, weight loading, the
 * forward kernels (RMSNorm, RoPE, grouped-query attention, SwiGLU), the reference full-sequence
 * pass (for training and scoring) and the fused inference pass with the KV cache (prefill and
 * decode steps), the batched generation loop, checkpoint writing, and {@link
 * ai.spar.llm.llama.DjlLlamaModel}, the {@link ai.spar.llm.LanguageModel} over it.
 *
 * <p>The architectures differ only where a {@link ai.spar.llm.llama.ModelFamily} says so (its
 * {@code config.json} keys, its checkpoint's fused tensors, its RoPE pairing), registered in {@link
 * ai.spar.llm.llama.ModelFamilies}; a new family is one class there, not branches in the kernels.
 */
package ai.spar.llm.llama;
