package ai.spar.loop;

import ai.spar.ifeval.IfevalReport;
import java.util.Optional;

/**
 * IFEval-style accuracies of one model on one prompt set (fractions in [0, 1]).
 *
 * @param responses prompts answered
 * @param promptStrict share of prompts whose every instruction passed (strict)
 * @param promptLoose the same, loose
 * @param instructionStrict share of instructions that passed (strict)
 * @param instructionLoose the same, loose
 * @param average the mean of the four accuracies (the gate's metric on the dev set)
 * @param report the per-prompt results file
 * @param dev the same model on the gate's dev set; {@code null} on the dev scores themselves (and
 *     in state files written before the dev set existed)
 */
public record IfevalScores(
    int responses,
    double promptStrict,
    double promptLoose,
    double instructionStrict,
    double instructionLoose,
    double average,
    String report,
    IfevalScores dev) {

  /** The scores of a report written to {@code report}, without dev scores. */
  public static IfevalScores of(IfevalReport scored, String report) {
    return new IfevalScores(
        scored.responses(),
        scored.promptStrict(),
        scored.promptLoose(),
        scored.instructionStrict(),
        scored.instructionLoose(),
        average(scored),
        report,
        null);
  }

  /** These test-set scores with the dev-set scores attached. */
  public IfevalScores withDev(IfevalScores devScores) {
    return new IfevalScores(
        responses,
        promptStrict,
        promptLoose,
        instructionStrict,
        instructionLoose,
        average,
        report,
        devScores);
  }

  /** The dev-set scores, when they were measured. */
  public Optional<IfevalScores> devScores() {
    return Optional.ofNullable(dev);
  }

  static double average(IfevalReport report) {
    return (report.promptStrict()
            + report.promptLoose()
            + report.instructionStrict()
            + report.instructionLoose())
        / 4;
  }
}
