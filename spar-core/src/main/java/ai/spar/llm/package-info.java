/**
 * The batch-first {@link ai.spar.llm.LanguageModel} interface and the records that cross it.
 * Nothing outside the implementing subpackages sees tensors, tokenizers or KV caches.
 */
package ai.spar.llm;
