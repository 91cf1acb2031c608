/**
 * Training byte-level BPE tokenizers on a corpus and writing them as Hugging Face {@code
 * tokenizer.json} files that {@link ai.spar.llm.tokenizer.HfTokenizer} loads.
 */
package ai.spar.llm.tokenizer.bpe;
