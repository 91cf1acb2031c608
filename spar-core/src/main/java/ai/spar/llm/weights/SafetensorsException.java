package ai.spar.llm.weights;

/**
 * A checkpoint file is missing or malformed; the message names the file and, where it applies, the
 * tensor.
 */
public final class SafetensorsException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SafetensorsException(String message) {
    super(message);
  }
}
