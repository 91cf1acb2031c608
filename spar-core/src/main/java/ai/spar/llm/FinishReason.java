package ai.spar.llm;

/** Why a completion ended. */
public enum FinishReason {
  /** The model produced one of its end-of-sequence tokens (not included in the text). */
  EOS,
  /** A stop string of the request appeared (not included in the text). */
  STOP,
  /** {@code maxNewTokens} were generated. */
  LENGTH
}
