package ai.spar.trainer;

/**
 * The loss or the gradient norm became NaN or infinite; the run stopped and the last good
 * checkpoint is kept.
 */
public final class TrainingDivergedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingDivergedException(String message) {
    super(message);
  }
}
