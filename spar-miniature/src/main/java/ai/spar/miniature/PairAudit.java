package ai.spar.miniature;

import ai.spar.ifeval.CheckResult;
import ai.spar.ifeval.IfevalVerifier;
import ai.spar.selfplay.EditDistance;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Audits preference pairs of miniature tasks: correctness by the strict IFEval checkers (the chosen
 * response passes every constraint, the rejected one fails one) and minimality (how much of the
 * rejected response the chosen one keeps: SPaR's pairs should differ only where the instruction was
 * missed). Pure.
 */
public final class PairAudit {
  /** A content word: letters only, at least four of them (drops "the", "it", "is", ...). */
  private static final Pattern CONTENT_WORD = Pattern.compile("\\p{L}{4,}");

  /** The share of a rejected response's content words a pair must keep to count as preserved. */
  public static final double CONTENT_KEPT_THRESHOLD = 0.8;

  private PairAudit() {}

  /**
   * What an audit found; every share is 0 for no pairs.
   *
   * @param pairs pairs audited
   * @param confirmedShare share the checkers confirm
   * @param meanSimilarity mean character-level similarity {@code 1 - levenshtein / max length}
   * @param medianSimilarity median of the same
   * @param meanEditDistance mean Levenshtein distance in code points
   * @param contentPreservedShare share of pairs whose chosen response keeps at least {@link
   *     #CONTENT_KEPT_THRESHOLD} of the rejected response's distinct content words (case-blind)
   * @param meanContentKept mean share of the rejected response's content words the chosen keeps
   */
  public record Report(
      int pairs,
      double confirmedShare,
      double meanSimilarity,
      double medianSimilarity,
      double meanEditDistance,
      double contentPreservedShare,
      double meanContentKept) {}

  /**
   * Audits {@code pairs}.
   *
   * @param tasks the tasks by id; every pair's instruction must be among them
   */
  public static Report audit(List<IndependentPairs.Pair> pairs, Map<String, MiniTask> tasks) {
    Preconditions.checkArgument(pairs != null, "pairs must not be null");
    Preconditions.checkArgument(tasks != null, "tasks must not be null");
    if (pairs.isEmpty()) {
      return new Report(0, 0, 0, 0, 0, 0, 0);
    }
    int confirmed = 0;
    int preserved = 0;
    double keptSum = 0;
    double distanceSum = 0;
    List<Double> similarities = new ArrayList<>();
    for (IndependentPairs.Pair p : pairs) {
      MiniTask task = tasks.get(p.instructionId());
      Preconditions.checkArgument(
          task != null, "pair of unknown instruction %s: not among the tasks", p.instructionId());
      confirmed += passes(task, p.chosen()) && !passes(task, p.rejected()) ? 1 : 0;
      int distance = EditDistance.between(p.chosen(), p.rejected());
      distanceSum += distance;
      similarities.add(EditDistance.similarity(p.chosen(), p.rejected(), distance));
      double kept = contentKept(p.rejected(), p.chosen());
      keptSum += kept;
      preserved += kept >= CONTENT_KEPT_THRESHOLD ? 1 : 0;
    }
    int n = pairs.size();
    similarities.sort(null);
    double median =
        n % 2 == 1
            ? similarities.get(n / 2)
            : (similarities.get(n / 2 - 1) + similarities.get(n / 2)) / 2;
    return new Report(
        n,
        (double) confirmed / n,
        similarities.stream().mapToDouble(Double::doubleValue).average().orElse(0),
        median,
        distanceSum / n,
        (double) preserved / n,
        keptSum / n);
  }

  /**
   * The share of {@code from}'s distinct content words (case-blind) that also occur in {@code to};
   * 1 when {@code from} has none.
   */
  public static double contentKept(String from, String to) {
    Set<String> source = contentWords(from);
    if (source.isEmpty()) {
      return 1;
    }
    Set<String> target = contentWords(to);
    long kept = source.stream().filter(target::contains).count();
    return (double) kept / source.size();
  }

  private static Set<String> contentWords(String text) {
    Set<String> words = new HashSet<>();
    Matcher m = CONTENT_WORD.matcher(text);
    while (m.find()) {
      words.add(m.group().toLowerCase(Locale.ROOT));
    }
    return words;
  }

  /** Whether {@code response} passes every constraint of {@code task}. */
  public static boolean passes(MiniTask task, String response) {
    return IfevalVerifier.strict().verify(task.instructions(), task.prompt(), response).stream()
        .allMatch(CheckResult::passed);
  }
}
