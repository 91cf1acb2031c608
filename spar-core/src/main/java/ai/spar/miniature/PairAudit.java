package ai.spar.miniature;

import ai.spar.ifeval.CheckResult;
import ai.spar.ifeval.IfevalVerifier;
import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Map;

/**
 * Checks preference pairs against the strict IFEval checkers: a pair is <em>confirmed</em> when its
 * chosen response passes every constraint of its instruction and its rejected response fails at
 * least one. The judge that made the pairs (the model itself) never sees this; it measures how much
 * of the training signal is right. Pure.
 */
public final class PairAudit {
  private PairAudit() {}

  /**
   * The share of pairs the checkers confirm (0 for no pairs).
   *
   * @param pairs the pairs (instruction id, chosen, rejected)
   * @param tasks the tasks by id; every pair's instruction must be among them
   */
  public static double confirmedShare(
      List<IndependentPairs.Pair> pairs, Map<String, MiniTask> tasks) {
    Preconditions.checkArgument(pairs != null, "pairs must not be null");
    Preconditions.checkArgument(tasks != null, "tasks must not be null");
    if (pairs.isEmpty()) {
      return 0;
    }
    int confirmed = 0;
    for (IndependentPairs.Pair p : pairs) {
      MiniTask task = tasks.get(p.instructionId());
      Preconditions.checkArgument(
          task != null, "pair of unknown instruction %s: not among the tasks", p.instructionId());
      confirmed += passes(task, p.chosen()) && !passes(task, p.rejected()) ? 1 : 0;
    }
    return (double) confirmed / pairs.size();
  }

  private static boolean passes(MiniTask task, String response) {
    return IfevalVerifier.strict().verify(task.instructions(), task.prompt(), response).stream()
        .allMatch(CheckResult::passed);
  }
}
