/**
 * {@code spar serve}: any {@link ai.spar.llm.GenerationService} behind the OpenAI-compatible HTTP
 * API ({@code /v1/completions}, {@code /v1/chat/completions} with the model's own chat template,
 * {@code /v1/models}, server-sent-event streaming) on the JDK's HTTP server with Jackson for JSON.
 * Sees only the {@code ai.spar.llm} interfaces.
 */
package ai.spar.serve;
