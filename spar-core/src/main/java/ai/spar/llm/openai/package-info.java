/**
 * A {@link ai.spar.llm.LanguageModel} over OpenAI-compatible HTTP servers (vLLM, SGLang, {@code
 * spar serve}): chat prompts go to {@code /v1/chat/completions} (the server renders the model's
 * template), text and token prompts to {@code /v1/completions}; scoring uses {@code echo} with
 * {@code logprobs}. Requests spread over several endpoints with bounded concurrency and retries.
 */
package ai.spar.llm.openai;
