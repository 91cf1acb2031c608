package ai.spar.miniature;

import static ai.spar.miniature.Phrases.fmt;
import static ai.spar.miniature.Phrases.pick;

import ai.spar.miniature.synth.Constraint;
import ai.spar.miniature.synth.ConstraintCatalog;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The constraints of the miniature task family, with small arguments so that responses stay short:
 * for each IFEval id, a sampler of kwargs and phrasings over the word bank, and the ids it is never
 * combined with; {@link #catalog} makes them a {@link ConstraintCatalog}, the one synthesis path
 * that {@code spar instructions synth} draws from too.
 */
final class MiniConstraints {
  static final String LOWERCASE = "change_case:english_lowercase";
  static final String CAPITAL = "change_case:english_capital";
  static final String KEYWORDS = "keywords:existence";
  static final String FORBIDDEN = "keywords:forbidden_words";
  static final String END = "startend:end_checker";
  static final String QUOTATION = "startend:quotation";
  static final String BULLETS = "detectable_format:number_bullet_lists";
  static final String SENTENCES = "length_constraints:number_sentences";
  static final String WORDS = "length_constraints:number_words";
  static final String TITLE = "detectable_format:title";
  static final String POSTSCRIPT = "detectable_content:postscript";
  static final String NO_COMMA = "punctuation:no_comma";

  /** Every id the family uses. */
  static final List<String> IDS =
      List.of(
          LOWERCASE,
          CAPITAL,
          KEYWORDS,
          FORBIDDEN,
          END,
          QUOTATION,
          BULLETS,
          SENTENCES,
          WORDS,
          TITLE,
          POSTSCRIPT,
          NO_COMMA);

  private static final Map<String, Set<String>> CONFLICTS =
      Map.of(
          LOWERCASE, Set.of(CAPITAL),
          CAPITAL, Set.of(LOWERCASE),
          BULLETS, Set.of(SENTENCES),
          SENTENCES, Set.of(BULLETS, WORDS, POSTSCRIPT),
          WORDS, Set.of(SENTENCES),
          POSTSCRIPT, Set.of(SENTENCES, END),
          END, Set.of(POSTSCRIPT));

  private MiniConstraints() {}

  /** The miniature's catalogue over {@code bank}: {@link #IDS} in order, with their conflicts. */
  static ConstraintCatalog catalog(WordBank bank) {
    Map<String, ConstraintCatalog.Sampler> samplers = new LinkedHashMap<>();
    for (String id : IDS) {
      samplers.put(id, (rnd, task) -> sample(id, rnd, bank));
    }
    return new ConstraintCatalog("the miniature", samplers, CONFLICTS);
  }

  /** Draws the kwargs and the phrasing of one constraint. */
  static Constraint sample(String id, Random rnd, WordBank bank) {
    Map<String, Object> k = new LinkedHashMap<>();
    String phrase;
    switch (id) {
      case LOWERCASE ->
          phrase =
              pick(
                  rnd,
                  List.of(
                      "Use only lowercase letters.",
                      "Write everything in lowercase.",
                      "Do not use any capital letters."));
      case CAPITAL ->
          phrase =
              pick(
                  rnd,
                  List.of(
                      "Use only capital letters.",
                      "Write everything in uppercase.",
                      "Write the whole answer in capital letters."));
      case KEYWORDS -> {
        List<String> words = new ArrayList<>(bank.keywords());
        Collections.shuffle(words, rnd);
        List<String> chosen = List.copyOf(words.subList(0, rnd.nextInt(3) == 0 ? 2 : 1));
        k.put("keywords", chosen);
        phrase =
            chosen.size() == 1
                ? fmt(pick(rnd, List.of("Include the word %s.", "Use the word %s.")), chosen.get(0))
                : fmt("Include the words %s and %s.", chosen.get(0), chosen.get(1));
      }
      case FORBIDDEN -> {
        String word = pick(rnd, bank.degree());
        k.put("forbidden_words", List.of(word));
        phrase = fmt(pick(rnd, List.of("Do not use the word %s.", "Avoid the word %s.")), word);
      }
      case END -> {
        String end = Phrases.capitalize(pick(rnd, bank.endPhrases()));
        k.put("end_phrase", end);
        phrase =
            fmt(
                pick(rnd, List.of("End with the phrase \"%s\"", "Finish with the words \"%s\"")),
                end);
      }
      case QUOTATION ->
          phrase =
              pick(
                  rnd,
                  List.of(
                      "Wrap your whole answer in double quotes.",
                      "Put the entire response inside double quotation marks."));
      case BULLETS -> {
        int n = 2 + rnd.nextInt(3);
        k.put("num_bullets", n);
        phrase =
            fmt(
                pick(
                    rnd,
                    List.of(
                        "Use exactly %d bullet points like * this.",
                        "Include exactly %d markdown bullet points.")),
                n);
      }
      case SENTENCES -> {
        boolean atMost = rnd.nextBoolean();
        int n = atMost ? 1 + rnd.nextInt(3) : 2 + rnd.nextInt(2);
        k.put("num_sentences", atMost ? n + 1 : n);
        k.put("relation", atMost ? "less than" : "at least");
        phrase =
            atMost
                ? fmt(n == 1 ? "Write only %d sentence." : "Write at most %d sentences.", n)
                : fmt("Write at least %d sentences.", n);
      }
      case WORDS -> {
        boolean under = rnd.nextBoolean();
        int n = under ? 5 * (3 + rnd.nextInt(6)) : 5 * (2 + rnd.nextInt(5));
        k.put("num_words", n);
        k.put("relation", under ? "less than" : "at least");
        phrase = under ? fmt("Use fewer than %d words.", n) : fmt("Use at least %d words.", n);
      }
      case TITLE ->
          phrase =
              pick(
                  rnd,
                  List.of(
                      "Add a title in double angular brackets like <<title>>.",
                      "Start with a title wrapped in << and >>."));
      case POSTSCRIPT -> {
        k.put("postscript_marker", "P.S.");
        phrase =
            pick(
                rnd,
                List.of(
                    "Add a postscript starting with P.S.",
                    "End with a note that starts with P.S."));
      }
      case NO_COMMA ->
          phrase = pick(rnd, List.of("Do not use any commas.", "Avoid commas in your answer."));
      default ->
          throw new IllegalArgumentException(
              "the miniature does not support instruction id '" + id + "'; expected one of " + IDS);
    }
    return new Constraint(id, k, phrase);
  }
}
