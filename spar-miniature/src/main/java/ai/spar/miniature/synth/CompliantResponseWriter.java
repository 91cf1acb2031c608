package ai.spar.miniature.synth;

import ai.spar.ifeval.CheckResult;
import ai.spar.ifeval.IfevalVerifier;
import ai.spar.ifeval.VerifiableInstructions;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A programmatic "teacher" that writes a plain English response on a topic that satisfies the
 * constraints synthesis produces (the ids in {@link ConstraintCatalog#IDS}): it lays out title,
 * sections or paragraphs, bullets, highlights, placeholders, keywords, postscript and end phrase,
 * applies case and quotation, and grows the body one filler sentence at a time until the strict
 * verifier accepts every constraint. Used to prove synthesized prompts are satisfiable and to build
 * miniature training sets.
 *
 * <p>Stateless and thread-safe; deterministic.
 */
public final class CompliantResponseWriter {

  private static final int MAX_EXTRA_SENTENCES = 60;

  private static final List<String> FILLER =
      List.of(
          "%s shapes how many people spend their time.",
          "Good planning makes %s easier for everyone.",
          "A small first step often helps with %s.",
          "Many experts study %s with great care.",
          "People who enjoy %s often share tips with friends.",
          "The history of %s holds many useful lessons.",
          "Patience pays off when it comes to %s.",
          "A clear plan turns %s into a rewarding project.",
          "Local groups often meet to talk about %s.",
          "Curiosity is the best guide for %s.",
          "Each season brings something new to %s.",
          "Friends and family can support your interest in %s.");

  private static final List<String> PLACEHOLDERS =
      List.of("[name]", "[address]", "[date]", "[phone number]", "[email]", "[city]");
  private static final List<String> CAPITAL_WORDS =
      List.of("PLAN", "FOCUS", "CARE", "TIME", "GOAL", "STEP", "RULE", "HOPE", "LEARN", "SHARE");
  private static final Map<String, String> LETTER_WORDS =
      Map.of(
          "e", "eye", "t", "tent", "a", "banana", "o", "onto", "n", "none", "s", "seas", "r",
          "error");

  /**
   * Writes a response that passes every constraint strictly, or empty when none was found within
   * the search budget.
   *
   * @param instructions the constraints (ids from synthesis; other ids are ignored by the layout
   *     and simply checked)
   * @param topic the subject the filler sentences talk about
   * @param task the task sentence ({@code combination:repeat_prompt} repeats it)
   */
  public Optional<String> write(VerifiableInstructions instructions, String topic, String task) {
    Preconditions.checkArgument(instructions != null, "instructions must not be null");
    Preconditions.checkArgument(topic != null && !topic.isBlank(), "topic must not be blank");
    Preconditions.checkArgument(task != null, "task must not be null");
    for (int extra = 0; extra <= MAX_EXTRA_SENTENCES; extra++) {
      String response = compose(instructions, topic, task, extra);
      List<CheckResult> results = IfevalVerifier.strict().verify(instructions, task, response);
      if (results.stream().allMatch(CheckResult::passed)) {
        return Optional.of(response);
      }
    }
    return Optional.empty();
  }

  /** Lays out one candidate response with {@code extra} additional filler sentences. */
  String compose(VerifiableInstructions instructions, String topic, String task, int extra) {
    Layout l = Layout.of(instructions);
    List<String> sentences = new ArrayList<>();
    for (int i = 0; i < 2 + extra; i++) {
      sentences.add(capitalize(String.format(Locale.ROOT, FILLER.get(i % FILLER.size()), topic)));
    }
    l.keywords.forEach(
        (word, times) -> {
          for (int i = 0; i < times; i++) {
            sentences.add(
                i % 2 == 0 ? "Think of a " + word + " here." : "The " + word + " matters too.");
          }
        });
    if (l.letter != null) {
      sentences.add(
          capitalize(
                  String.join(
                      " ",
                      Collections.nCopies(
                          l.letterCount, LETTER_WORDS.getOrDefault(l.letter, l.letter))))
              + ".");
    }
    if (l.placeholders > 0) {
      sentences.add(
          "Fill in "
              + String.join(
                  " and ", PLACEHOLDERS.subList(0, Math.min(l.placeholders, PLACEHOLDERS.size())))
              + " before you share this.");
    }
    for (int i = 1; i <= l.highlights; i++) {
      sentences.add("Keep *idea number " + i + "* in mind.");
    }
    if (l.capitalWords > 0) {
      sentences.add(
          "Key words: " + String.join(" ", CAPITAL_WORDS.subList(0, l.capitalWords)) + ".");
    }

    int chunks = Math.max(1, Math.max(l.sections, l.paragraphs));
    List<StringBuilder> parts = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      parts.add(new StringBuilder());
    }
    for (int i = 0; i < sentences.size(); i++) {
      StringBuilder part = parts.get(i % chunks);
      part.append(part.length() == 0 ? "" : " ").append(sentences.get(i));
    }
    if (l.bullets > 0) {
      for (int b = 1; b <= l.bullets; b++) {
        parts.get(0).append("\n* Point ").append(b).append(" about ").append(topic);
      }
    }
    List<String> blocks = new ArrayList<>();
    for (int c = 0; c < chunks; c++) {
      blocks.add(
          l.sections > 0
              ? l.splitter + " " + (c + 1) + "\n" + parts.get(c)
              : parts.get(c).toString());
    }

    StringBuilder out = new StringBuilder();
    if (l.repeat) {
      out.append(task).append("\n\n");
    }
    if (l.title) {
      out.append("<<").append(capitalize(topic)).append(">>\n\n");
    }
    out.append(String.join(l.paragraphs > 0 ? "\n***\n" : "\n\n", blocks));
    if (l.postscript != null) {
      out.append("\n\n")
          .append(l.postscript)
          .append(" Thank you for your interest in ")
          .append(topic)
          .append('.');
    }
    if (l.endPhrase != null) {
      out.append("\n\n").append(l.endPhrase);
    }
    String text = out.toString();
    if (l.lowercase) {
      text = text.toLowerCase(Locale.ROOT);
    } else if (l.capital) {
      text = text.toUpperCase(Locale.ROOT);
    }
    return l.quotation ? "\"" + text + "\"" : text;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
  }

  /** What the constraints ask of the layout. */
  private static final class Layout {
    final Map<String, Integer> keywords = new java.util.TreeMap<>();
    String letter;
    int letterCount;
    int placeholders;
    int highlights;
    int bullets;
    int sections;
    String splitter;
    int paragraphs;
    int capitalWords;
    boolean title;
    boolean repeat;
    boolean quotation;
    boolean lowercase;
    boolean capital;
    String postscript;
    String endPhrase;

    static Layout of(VerifiableInstructions ins) {
      Layout l = new Layout();
      for (int i = 0; i < ins.size(); i++) {
        Map<String, Object> k = ins.kwargs().get(i);
        switch (ins.instructionIds().get(i)) {
          case "keywords:existence" -> {
            for (Object w : (List<?>) k.get("keywords")) {
              l.keywords.merge(w.toString(), 1, Math::max);
            }
          }
          case "keywords:frequency" -> {
            int n = ((Number) k.get("frequency")).intValue();
            int times = "at least".equals(k.get("relation")) ? n : Math.min(1, n - 1);
            l.keywords.merge(k.get("keyword").toString(), times, Math::max);
          }
          case "keywords:letter_frequency" -> {
            if ("at least".equals(k.get("let_relation"))) {
              l.letter = k.get("letter").toString().toLowerCase(Locale.ROOT);
              l.letterCount = ((Number) k.get("let_frequency")).intValue();
            }
          }
          case "detectable_content:number_placeholders" ->
              l.placeholders = ((Number) k.get("num_placeholders")).intValue();
          case "detectable_content:postscript" ->
              l.postscript = k.get("postscript_marker").toString();
          case "detectable_format:number_bullet_lists" ->
              l.bullets = ((Number) k.get("num_bullets")).intValue();
          case "detectable_format:number_highlighted_sections" ->
              l.highlights = ((Number) k.get("num_highlights")).intValue();
          case "detectable_format:multiple_sections" -> {
            l.sections = ((Number) k.get("num_sections")).intValue();
            l.splitter = k.get("section_spliter").toString();
          }
          case "length_constraints:number_paragraphs" ->
              l.paragraphs = ((Number) k.get("num_paragraphs")).intValue();
          case "change_case:capital_word_frequency" -> {
            if ("at least".equals(k.get("capital_relation"))) {
              l.capitalWords =
                  Math.min(CAPITAL_WORDS.size(), ((Number) k.get("capital_frequency")).intValue());
            }
          }
          case "detectable_format:title" -> l.title = true;
          case "combination:repeat_prompt" -> l.repeat = true;
          case "startend:quotation" -> l.quotation = true;
          case "change_case:english_lowercase" -> l.lowercase = true;
          case "change_case:english_capital" -> l.capital = true;
          case "startend:end_checker" -> l.endPhrase = k.get("end_phrase").toString();
          default -> {
            // Counted constraints (words, sentences, commas, forbidden words) are met by the filler
            // search.
          }
        }
      }
      return l;
    }
  }
}
