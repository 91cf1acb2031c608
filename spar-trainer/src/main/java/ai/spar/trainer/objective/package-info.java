/**
 * The training objectives as NDArray functions: response log-probabilities under a target mask, the
 * preference losses (sigmoid DPO with an SFT term, IPO, hinge) and the reward metrics common DPO
 * trainers report.
 */
package ai.spar.trainer.objective;
