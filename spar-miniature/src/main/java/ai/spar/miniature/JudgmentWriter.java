package ai.spar.miniature;

import static ai.spar.miniature.Phrases.fmt;

import ai.spar.ifeval.CheckResult;
import ai.spar.ifeval.IfevalVerifier;
import ai.spar.ifeval.text.PunktSentenceTokenizer;
import ai.spar.ifeval.text.WordCounter;
import ai.spar.miniature.synth.Constraint;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes the teacher's judgments in the method's format: one numbered line per requirement (the
 * task, then each constraint in prompt order) with the evidence from the response and "Met." or
 * "Not met.", a one-line summary, and {@code Final Judgement: Yes} or {@code No}. The verdicts come
 * from the strict IFEval checkers; the evidence (counts, quoted words) is computed from the text.
 *
 * <p>Pure and thread-safe.
 */
public final class JudgmentWriter {
  private static final Pattern BULLET =
      Pattern.compile("^[ \\t]*(\\*[^*]|-).*$", Pattern.MULTILINE);
  private static final Pattern TITLE = Pattern.compile("<<[^\\n]+>>");
  private static final Pattern WORD = Pattern.compile("[A-Za-z]+");
  private static final List<String> COUNTS = List.of("No", "One", "Two", "Three");

  /** Judges {@code response} to {@code task}. */
  public TeacherJudgment judge(MiniTask task, String response) {
    Preconditions.checkArgument(task != null, "task must not be null");
    Preconditions.checkArgument(response != null, "response must not be null");
    List<CheckResult> results =
        IfevalVerifier.strict().verify(task.instructions(), task.prompt(), response);
    StringBuilder out = new StringBuilder("Let me check each requirement.\n");
    out.append(
        fmt(
            "1. %s: the response is about the %s %s. Met.\n",
            requirement(task.task()), task.subject().adjective(), task.subject().noun()));
    int failed = 0;
    for (int i = 0; i < results.size(); i++) {
      Constraint c = task.constraints().get(i);
      boolean passed = results.get(i).passed();
      failed += passed ? 0 : 1;
      out.append(
          fmt(
              "%d. %s: %s %s\n",
              i + 2,
              requirement(c.phrase()),
              sentence(evidence(c, response, passed)),
              passed ? "Met." : "Not met."));
    }
    out.append(
        failed == 0
            ? "All requirements are met.\n"
            : fmt(
                "%s %s not met.\n",
                COUNTS.get(Math.min(failed, COUNTS.size() - 1)),
                failed == 1 ? "requirement is" : "requirements are"));
    out.append("Final Judgement: ").append(failed == 0 ? "Yes" : "No");
    return new TeacherJudgment(out.toString(), failed == 0);
  }

  /** A clause closed with a period (unless it already ends with one, as "P.S." does). */
  private static String sentence(String clause) {
    return clause.endsWith(".") ? clause : clause + ".";
  }

  /** A constraint phrase as a requirement name: the sentence without its final period. */
  static String requirement(String phrase) {
    String p = phrase.strip();
    return p.endsWith(".") && !p.endsWith("P.S.") ? p.substring(0, p.length() - 1) : p;
  }

  /** What the response shows about one constraint, as a clause starting with "it". */
  static String evidence(Constraint c, String response, boolean passed) {
    return switch (c.id()) {
      case MiniConstraints.LOWERCASE ->
          passed
              ? "all its letters are lowercase"
              : fmt("it has capital letters as in \"%s\"", firstWord(response, true));
      case MiniConstraints.CAPITAL ->
          passed
              ? "all its letters are capital letters"
              : fmt("it has lowercase letters as in \"%s\"", firstWord(response, false));
      case MiniConstraints.KEYWORDS -> keywordEvidence(c, response);
      case MiniConstraints.FORBIDDEN -> {
        String word = ((List<?>) c.kwargs().get("forbidden_words")).get(0).toString();
        yield passed ? fmt("it never uses \"%s\"", word) : fmt("it uses \"%s\"", word);
      }
      case MiniConstraints.END ->
          passed
              ? fmt("it ends with \"%s\"", c.kwargs().get("end_phrase"))
              : fmt("it ends with \"%s\" instead", ending(response));
      case MiniConstraints.QUOTATION ->
          passed ? "it starts and ends with a double quote" : "it is not wrapped in double quotes";
      case MiniConstraints.BULLETS -> count(count(BULLET, response), "bullet point");
      case MiniConstraints.SENTENCES ->
          count(PunktSentenceTokenizer.english().count(response), "sentence");
      case MiniConstraints.WORDS -> count(WordCounter.count(response), "word");
      case MiniConstraints.TITLE -> {
        Matcher m = TITLE.matcher(response);
        yield m.find() ? fmt("it has the title %s", m.group()) : "it has no title in << >>";
      }
      case MiniConstraints.POSTSCRIPT ->
          passed ? "it has a note starting with P.S." : "it has no note starting with P.S.";
      case MiniConstraints.NO_COMMA -> {
        long commas = response.chars().filter(ch -> ch == ',').count();
        yield commas == 0 ? "it has no commas" : count((int) commas, "comma");
      }
      default -> throw new IllegalArgumentException("no evidence for " + c.id());
    };
  }

  private static String keywordEvidence(Constraint c, String response) {
    List<String> present = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (Object k : (List<?>) c.kwargs().get("keywords")) {
      String word = k.toString();
      boolean found =
          Pattern.compile("\\b" + Pattern.quote(word) + "\\b", Pattern.CASE_INSENSITIVE)
              .matcher(response)
              .find();
      (found ? present : missing).add("\"" + word + "\"");
    }
    if (missing.isEmpty()) {
      return "it uses " + String.join(" and ", present);
    }
    return String.join(" and ", missing) + (missing.size() == 1 ? " is" : " are") + " missing";
  }

  private static String count(int n, String noun) {
    return fmt("it has %d %s%s", n, noun, n == 1 ? "" : "s");
  }

  private static int count(Pattern p, String text) {
    Matcher m = p.matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  /** The first word with an upper-case letter ({@code upper}) or a lower-case one. */
  private static String firstWord(String response, boolean upper) {
    Matcher m = WORD.matcher(response);
    while (m.find()) {
      String w = m.group();
      boolean has =
          upper ? !w.equals(w.toLowerCase(Locale.ROOT)) : !w.equals(w.toUpperCase(Locale.ROOT));
      if (has) {
        return w;
      }
    }
    return "";
  }

  /** The last line of the response without surrounding quotes, cut to its last four words. */
  private static String ending(String response) {
    String text = response.strip();
    if (text.length() > 1 && text.startsWith("\"") && text.endsWith("\"")) {
      text = text.substring(1, text.length() - 1).strip();
    }
    String last = text.substring(text.lastIndexOf('\n') + 1).strip();
    String[] words = last.split(" ");
    if (words.length <= 4) {
      return last;
    }
    return String.join(" ", java.util.Arrays.asList(words).subList(words.length - 4, words.length));
  }
}
