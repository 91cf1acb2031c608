package ai.spar.trainer.objective;

/** The preference loss of DPO-style training; see {@link PreferenceLoss} for the formulas. */
public enum PreferenceLossType {
  /** DPO's logistic loss (the method's choice). */
  SIGMOID,
  /**
   * Identity preference optimization: squared distance of the length-normalized margin to {@code 1
   * / (2 beta)}.
   */
  IPO,
  /** SLiC's hinge loss on the margin. */
  HINGE
}
