package ai.spar.trainer.objective;

import ai.djl.ndarray.NDArray;
import com.google.common.base.Preconditions;

/**
 * The actor's loss per pair (SPAR-METHOD.md section 4). With {@code lp} the policy's and {@code lr}
 * the frozen reference's log-probabilities summed over the response tokens only (prompt tokens
 * masked), {@code y+} the chosen and {@code y-} the rejected response, {@code n+}, {@code n-} their
 * target token counts:
 *
 * <pre>
 *   h        = (lp(y+|x) - lr(y+|x)) - (lp(y-|x) - lr(y-|x))
 *   SIGMOID: L = -log sigmoid(beta * h)                                   (DPO)
 *   IPO:     L = ((lp(y+) - lr(y+)) / n+ - (lp(y-) - lr(y-)) / n- - 1 / (2 beta))^2
 *   HINGE:   L = max(0, 1 - beta * h)
 *   total    = L + sftWeight * NLL_mean(y+|x),   NLL_mean(y+|x) = -lp(y+|x) / n+
 * </pre>
 *
 * The SFT term is the per-token mean negative log-likelihood of each chosen response (then averaged
 * over pairs). The implicit rewards are {@code beta * (lp - lr)} of each response. The method's
 * setting is SIGMOID, beta 0.1, sftWeight 0.1. {@code -log sigmoid(z)} is computed as {@code
 * max(-z, 0) + log(1 + exp(-|z|))}, stable for any {@code z}.
 *
 * @param type the preference loss
 * @param beta the inverse temperature of the implicit reward, > 0
 * @param sftWeight weight of the chosen response's mean NLL, >= 0
 */
public record PreferenceLoss(PreferenceLossType type, double beta, double sftWeight) {
  public static final double DEFAULT_BETA = 0.1;
  public static final double DEFAULT_SFT_WEIGHT = 0.1;

  public PreferenceLoss {
    Preconditions.checkArgument(type != null, "type must not be null");
    Preconditions.checkArgument(
        beta > 0 && Double.isFinite(beta), "beta must be > 0, but was: %s", beta);
    Preconditions.checkArgument(
        sftWeight >= 0 && Double.isFinite(sftWeight),
        "sftWeight must be >= 0, but was: %s",
        sftWeight);
  }

  /** The method's loss: sigmoid DPO, beta 0.1, SFT weight 0.1. */
  public static PreferenceLoss method() {
    return new PreferenceLoss(PreferenceLossType.SIGMOID, DEFAULT_BETA, DEFAULT_SFT_WEIGHT);
  }

  /**
   * The loss of every pair (all arguments [batch] float32; the reference values carry no gradient).
   *
   * @param chosenTokens n+ per pair
   * @param rejectedTokens n- per pair
   * @return [batch]: the total loss per pair
   */
  public NDArray perPair(
      NDArray policyChosen,
      NDArray policyRejected,
      NDArray referenceChosen,
      NDArray referenceRejected,
      NDArray chosenTokens,
      NDArray rejectedTokens) {
    float b = (float) beta;
    NDArray chosenRatio = policyChosen.sub(referenceChosen); // [batch]
    NDArray rejectedRatio = policyRejected.sub(referenceRejected); // [batch]
    NDArray preference =
        switch (type) {
          case SIGMOID -> negativeLogSigmoid(chosenRatio.sub(rejectedRatio).mul(b));
          case IPO ->
              chosenRatio
                  .div(chosenTokens)
                  .sub(rejectedRatio.div(rejectedTokens))
                  .sub(1f / (2 * b))
                  .square();
          case HINGE -> chosenRatio.sub(rejectedRatio).mul(-b).add(1f).maximum(0f);
        };
    if (sftWeight == 0) {
      return preference;
    }
    NDArray nllMean = policyChosen.neg().div(chosenTokens); // [batch]
    return preference.add(nllMean.mul((float) sftWeight));
  }

  /** {@code -log sigmoid(z) = max(-z, 0) + log(1 + exp(-|z|))} */
  static NDArray negativeLogSigmoid(NDArray z) {
    return z.neg().maximum(0f).add(z.abs().neg().exp().add(1f).log());
  }
}
