package ai.spar.bench;

import ai.spar.miniature.MiniatureEvaluator;
import ai.spar.miniature.PairedDifference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The miniature experiment's claims as paired differences on the test set: per seed, the last
 * iteration against the SFT model (each arm), refined against independent pairs at the last
 * iteration (each judge), and the iterative method against the non-iterative control; then, over
 * seeds (the independent arm's last iteration, which may come before the refined arm's last, is
 * compared with the refined arm's stage of the same iteration), the mean difference with two
 * standard errors: the one of the seeds' spread and the within-seed sampling error {@code sqrt(sum
 * se^2) / k}.
 */
final class BenchComparisons {
  private BenchComparisons() {}

  static Map<String, Object> of(
      Map<String, Object> sft,
      List<MiniatureBench.ArmResult> arms,
      List<Map<String, Object>> controls,
      Map<String, MiniatureEvaluator.ActorScores> testScores) {
    Map<String, List<PairedDifference>> byClaim = new LinkedHashMap<>();
    List<Boolean> sftPassed = passed(sft, testScores);
    for (MiniatureBench.ArmResult arm : arms) {
      Map<String, Object> last = arm.stages().get(arm.stages().size() - 1);
      byClaim
          .computeIfAbsent("last_vs_sft/" + arm.arm().name(), k -> new ArrayList<>())
          .add(PairedDifference.of(sftPassed, passed(last, testScores)));
    }
    for (MiniatureBench.ArmResult refined : arms) {
      if (!refined.arm().refined()) {
        continue;
      }
      for (MiniatureBench.ArmResult independent : arms) {
        if (!independent.arm().refined()
            && independent.seed() == refined.seed()
            && independent.arm().judge().equals(refined.arm().judge())) {
          byClaim
              .computeIfAbsent(
                  "refined_vs_independent/" + refined.arm().judge(), k -> new ArrayList<>())
              .add(
                  PairedDifference.of(
                      passed(last(independent), testScores),
                      passed(equalCount(refined, independent), testScores)));
        }
      }
      for (Map<String, Object> control : controls) {
        if (control.get("arm").equals("no_iterative-" + refined.arm().judge())
            && ((Integer) control.get("seed")) == refined.seed()) {
          byClaim
              .computeIfAbsent(
                  "iterative_vs_no_iterative/" + refined.arm().judge(), k -> new ArrayList<>())
              .add(
                  PairedDifference.of(
                      passed(control, testScores), passed(last(refined), testScores)));
          byClaim
              .computeIfAbsent(
                  "no_iterative_vs_sft/" + refined.arm().judge(), k -> new ArrayList<>())
              .add(PairedDifference.of(sftPassed, passed(control, testScores)));
        }
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<PairedDifference>> e : byClaim.entrySet()) {
      out.put(e.getKey(), summary(e.getValue()));
    }
    return out;
  }

  private static Map<String, Object> summary(List<PairedDifference> perSeed) {
    List<Double> means = new ArrayList<>();
    double squares = 0;
    List<Map<String, Object>> seeds = new ArrayList<>();
    for (PairedDifference d : perSeed) {
      means.add(d.mean());
      squares += d.standardError() * d.standardError();
      seeds.add(MiniatureBench.json(d));
    }
    PairedDifference.OverSeeds over = PairedDifference.OverSeeds.of(means);
    double withinSe = Math.sqrt(squares) / perSeed.size();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", over.mean());
    m.put("se_paired", withinSe);
    m.put("standard_errors", withinSe == 0 ? 0 : over.mean() / withinSe);
    m.put("se_over_seeds", over.standardError());
    m.put("seeds", over.count());
    m.put("per_seed", seeds);
    return m;
  }

  /**
   * The refined arm's stage to compare with the independent arm's last: the refined pairs at the
   * independent arm's count when that arm found fewer, else the refined stage of the same iteration
   * (whose pair count the independent arm was subsampled to).
   */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> equalCount(
      MiniatureBench.ArmResult refined, MiniatureBench.ArmResult independent) {
    Object equal = last(independent).get("refined_at_equal_count");
    return equal instanceof Map<?, ?> m
        ? (Map<String, Object>) m
        : refined.stages().get(independent.stages().size() - 1);
  }

  private static Map<String, Object> last(MiniatureBench.ArmResult arm) {
    return arm.stages().get(arm.stages().size() - 1);
  }

  private static List<Boolean> passed(
      Map<String, Object> stage, Map<String, MiniatureEvaluator.ActorScores> testScores) {
    return testScores.get((String) stage.get("actor_key")).promptPassed();
  }
}
