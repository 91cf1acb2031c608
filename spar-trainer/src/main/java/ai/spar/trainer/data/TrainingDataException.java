package ai.spar.trainer.data;

/**
 * Training input that cannot be used: a missing column, a wrong type, an empty table, an over-long
 * example.
 */
public final class TrainingDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDataException(String message) {
    super(message);
  }

  public TrainingDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
