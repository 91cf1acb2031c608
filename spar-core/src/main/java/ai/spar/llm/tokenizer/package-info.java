/**
 * Hugging Face {@code tokenizer.json} tokenizers, run through DJL's binding of the Rust {@code
 * tokenizers} library (the native library ships inside the DJL jar, so this works offline).
 */
package ai.spar.llm.tokenizer;
