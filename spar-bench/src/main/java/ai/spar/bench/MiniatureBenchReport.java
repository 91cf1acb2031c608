package ai.spar.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The miniature benchmark's outputs: its JSON document and its console table. */
public final class MiniatureBenchReport {
  private MiniatureBenchReport() {}

  /**
   * The JSON document: {@code stages} (the method's arm, first seed: sft, iter1, ...), every arm,
   * the controls, the paired comparisons, the learning-rate sweep, seeds, sizes and times.
   */
  public static Map<String, Object> toJson(MiniatureBench.Result result, boolean quick) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("variant", quick ? "quick" : "full");
    json.put("stages", result.arms().get(0).stages());
    List<Map<String, Object>> arms = new ArrayList<>();
    for (MiniatureBench.ArmResult arm : result.arms()) {
      Map<String, Object> a = new LinkedHashMap<>();
      a.put("arm", arm.arm().name());
      a.put("judge", arm.arm().judge());
      a.put("pairs_from", arm.arm().refined() ? "refinement" : "independent samples");
      a.put("seed", arm.seed());
      a.put("stages", arm.stages());
      arms.add(a);
    }
    json.put("arms", arms);
    json.put("controls", result.controls());
    json.put("comparisons", result.comparisons());
    json.put("dpo_learning_rate_sweep", result.sweep());
    json.put("sizes", result.sizes());
    json.put("seeds", result.seeds());
    json.put("base_sft_seconds", MiniatureBench.round(result.baseSftSeconds()));
    json.put("seconds", MiniatureBench.round(result.seconds()));
    return json;
  }

  public static void print(PrintStream out, MiniatureBench.Result result) {
    out.printf(
        Locale.ROOT,
        "%-20s %4s %-6s %6s %6s %6s %6s %6s %6s %5s %6s %6s%n",
        "arm",
        "seed",
        "stage",
        "test",
        "dev",
        "judge",
        "f.alarm",
        "miss",
        "rootP",
        "pairs",
        "right",
        "simil");
    for (MiniatureBench.ArmResult arm : result.arms()) {
      for (Map<String, Object> s : arm.stages()) {
        out.printf(
            Locale.ROOT,
            "%-20s %4d %-6s %6.3f %6.3f %6.3f %6s %6s %6s %5d %6s %6s%n",
            arm.arm().name(),
            arm.seed(),
            s.get("stage"),
            (Double) s.get("actor_prompt_strict"),
            (Double) s.get("dev_prompt_strict"),
            (Double) s.get("judge_accuracy"),
            num(s.get("judge_false_alarm_rate")),
            num(s.get("judge_miss_rate")),
            num(s.get("root_precision")),
            ((Number) s.get("pairs")).longValue(),
            num(s.get("pairs_confirmed_by_checkers")),
            num(s.get("pairs_similarity_mean")));
      }
    }
    for (Map<String, Object> c : result.controls()) {
      out.printf(
          Locale.ROOT,
          "%-20s %4d %-6s %6.3f %6.3f %6s %6s %6s %6s %5d%n",
          c.get("arm"),
          (Integer) c.get("seed"),
          "all",
          (Double) c.get("actor_prompt_strict"),
          (Double) c.get("dev_prompt_strict"),
          "-",
          "-",
          "-",
          "-",
          ((Number) c.get("pairs")).longValue());
    }
    out.println("paired differences on the test set (mean, paired SE, mean/SE, seeds):");
    for (Map.Entry<String, Object> e : result.comparisons().entrySet()) {
      @SuppressWarnings("unchecked")
      Map<String, Object> c = (Map<String, Object>) e.getValue();
      out.printf(
          Locale.ROOT,
          "  %-36s %+7.3f  SE %.3f  %+5.1f SE  (%d seeds)%n",
          e.getKey(),
          (Double) c.get("mean"),
          (Double) c.get("se_paired"),
          (Double) c.get("standard_errors"),
          (Integer) c.get("seeds"));
    }
    out.printf(
        Locale.ROOT,
        "DPO learning rate %s; total %.0f s (base SFT %.0f s)%n",
        result.sweep().get("chosen"),
        result.seconds(),
        result.baseSftSeconds());
  }

  private static String num(Object value) {
    return value instanceof Number n ? String.format(Locale.ROOT, "%.3f", n.doubleValue()) : "-";
  }
}
