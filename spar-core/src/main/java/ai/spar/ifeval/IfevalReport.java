package ai.spar.ifeval;

import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * IFEval accuracy over a set of scored responses, as the reference's {@code print_report} computes
 * it: prompt level (all instructions followed) and instruction level, strict and loose, per
 * instruction id and per group (the id's part before {@code :}). Responses that matched no prompt
 * are listed, not scored.
 *
 * @param responses scored responses
 * @param promptStrict fraction of prompts with every instruction followed, strict
 * @param promptLoose the same, loose
 * @param instructionStrict fraction of instructions followed, strict
 * @param instructionLoose the same, loose
 * @param perInstruction tallies by instruction id, sorted
 * @param perGroup tallies by group, sorted
 * @param unmatched input rows that matched no prompt, with the reason
 */
public record IfevalReport(
    int responses,
    double promptStrict,
    double promptLoose,
    double instructionStrict,
    double instructionLoose,
    Map<String, Tally> perInstruction,
    Map<String, Tally> perGroup,
    List<String> unmatched) {

  /**
   * Counts for one instruction id or group.
   *
   * @param total instructions of this kind checked
   * @param strict followed, strict
   * @param loose followed, loose
   */
  public record Tally(int total, int strict, int loose) {
    public Tally {
      Preconditions.checkArgument(
          total >= 0 && strict >= 0 && loose >= 0 && strict <= total && loose <= total,
          "tally counts must satisfy 0 <= strict, loose <= total, but were: %s, %s, %s",
          strict,
          loose,
          total);
    }

    /** Strict accuracy (0 when empty). */
    public double strictAccuracy() {
      return total == 0 ? 0 : (double) strict / total;
    }

    /** Loose accuracy (0 when empty). */
    public double looseAccuracy() {
      return total == 0 ? 0 : (double) loose / total;
    }

    Tally add(boolean s, boolean l) {
      return new Tally(total + 1, strict + (s ? 1 : 0), loose + (l ? 1 : 0));
    }
  }

  public IfevalReport {
    perInstruction = Map.copyOf(perInstruction);
    perGroup = Map.copyOf(perGroup);
    unmatched = List.copyOf(unmatched);
  }

  /** Computes the report. */
  public static IfevalReport of(List<ScoredResponse> scored, List<String> unmatched) {
    int promptStrict = 0;
    int promptLoose = 0;
    int instructions = 0;
    int instrStrict = 0;
    int instrLoose = 0;
    Map<String, Tally> byId = new TreeMap<>();
    Map<String, Tally> byGroup = new TreeMap<>();
    for (ScoredResponse r : scored) {
      promptStrict += r.strictFollowAll() ? 1 : 0;
      promptLoose += r.looseFollowAll() ? 1 : 0;
      List<String> ids = r.prompt().instructions().instructionIds();
      for (int i = 0; i < ids.size(); i++) {
        boolean s = r.strict().get(i).passed();
        boolean l = r.loose().get(i).passed();
        instructions++;
        instrStrict += s ? 1 : 0;
        instrLoose += l ? 1 : 0;
        byId.merge(ids.get(i), new Tally(0, 0, 0).add(s, l), IfevalReport::sum);
        byGroup.merge(ids.get(i).split(":", 2)[0], new Tally(0, 0, 0).add(s, l), IfevalReport::sum);
      }
    }
    int n = scored.size();
    return new IfevalReport(
        n,
        ratio(promptStrict, n),
        ratio(promptLoose, n),
        ratio(instrStrict, instructions),
        ratio(instrLoose, instructions),
        byId,
        byGroup,
        unmatched);
  }

  private static Tally sum(Tally a, Tally b) {
    return new Tally(a.total() + b.total(), a.strict() + b.strict(), a.loose() + b.loose());
  }

  private static double ratio(int num, int den) {
    return den == 0 ? 0 : (double) num / den;
  }

  /** The report as a JSON-ready map with snake_case keys. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("responses", responses);
    m.put("prompt_level_strict_accuracy", promptStrict);
    m.put("prompt_level_loose_accuracy", promptLoose);
    m.put("instruction_level_strict_accuracy", instructionStrict);
    m.put("instruction_level_loose_accuracy", instructionLoose);
    m.put("per_group", tallies(perGroup));
    m.put("per_instruction", tallies(perInstruction));
    m.put("unmatched", unmatched);
    return m;
  }

  private static Map<String, Object> tallies(Map<String, Tally> tallies) {
    Map<String, Object> out = new LinkedHashMap<>();
    new TreeMap<>(tallies)
        .forEach(
            (k, t) -> {
              Map<String, Object> row = new LinkedHashMap<>();
              row.put("count", t.total());
              row.put("strict_accuracy", t.strictAccuracy());
              row.put("loose_accuracy", t.looseAccuracy());
              out.put(k, row);
            });
    return out;
  }

  /** A plain-text table of the accuracies. */
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    String row = "%-48s %6s %8s %8s%n";
    sb.append(String.format(Locale.ROOT, row, "", "count", "strict", "loose"));
    sb.append(
        String.format(
            Locale.ROOT, row, "prompt-level", responses, pct(promptStrict), pct(promptLoose)));
    int instructions = perGroup.values().stream().mapToInt(Tally::total).sum();
    sb.append(
        String.format(
            Locale.ROOT,
            row,
            "instruction-level",
            instructions,
            pct(instructionStrict),
            pct(instructionLoose)));
    sb.append(System.lineSeparator());
    new TreeMap<>(perGroup)
        .forEach(
            (k, t) ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        row,
                        k,
                        t.total(),
                        pct(t.strictAccuracy()),
                        pct(t.looseAccuracy()))));
    sb.append(System.lineSeparator());
    new TreeMap<>(perInstruction)
        .forEach(
            (k, t) ->
                sb.append(
                    String.format(
                        Locale.ROOT,
                        row,
                        k,
                        t.total(),
                        pct(t.strictAccuracy()),
                        pct(t.looseAccuracy()))));
    if (!unmatched.isEmpty()) {
      sb.append(System.lineSeparator())
          .append(unmatched.size())
          .append(" response rows matched no prompt:")
          .append(System.lineSeparator());
      unmatched.forEach(u -> sb.append("  ").append(u).append(System.lineSeparator()));
    }
    return sb.toString();
  }

  private static String pct(double v) {
    return String.format(Locale.ROOT, "%.2f%%", 100 * v);
  }
}
