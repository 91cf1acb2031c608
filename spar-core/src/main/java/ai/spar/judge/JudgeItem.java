package ai.spar.judge;

import ai.spar.ifeval.VerifiableInstructions;
import com.google.common.base.Preconditions;

/**
 * One response to judge.
 *
 * @param instruction the instruction text as the actor saw it
 * @param response the response to judge
 * @param constraints the instruction's verifiable constraints ({@link VerifiableInstructions#NONE}
 *     if it has none)
 * @param seed the sampling seed of this judgment request
 */
public record JudgeItem(
    String instruction, String response, VerifiableInstructions constraints, long seed) {
  public JudgeItem {
    Preconditions.checkArgument(instruction != null, "instruction must not be null");
    Preconditions.checkArgument(response != null, "response must not be null");
    constraints = constraints == null ? VerifiableInstructions.NONE : constraints;
  }

  public JudgeItem withSeed(long newSeed) {
    return new JudgeItem(instruction, response, constraints, newSeed);
  }
}
