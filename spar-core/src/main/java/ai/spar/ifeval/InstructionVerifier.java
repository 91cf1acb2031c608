package ai.spar.ifeval;

import java.util.List;

/**
 * Checks a response against a prompt's verifiable instructions. Pure and thread-safe.
 *
 * <p>Implementations: the strict and the loose IFEval evaluation.
 */
public interface InstructionVerifier {

  /**
   * Checks every instruction.
   *
   * @param instructions the constraints (ids and kwargs)
   * @param prompt the prompt text (some instructions, e.g. {@code combination:repeat_prompt}, refer
   *     to it)
   * @param response the response to check
   * @return one result per instruction, in order
   * @throws IllegalArgumentException for an unknown instruction id or bad kwargs, naming the id and
   *     the argument
   */
  List<CheckResult> verify(VerifiableInstructions instructions, String prompt, String response);
}
