package ai.spar.miniature.synth;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A catalogue of verifiable constraints and the one way instructions draw from it: for each IFEval
 * id, a sampler of kwargs and phrasings, and the ids it must never be combined with (contradictions
 * such as all-lowercase with all-capitals, or combinations a single response cannot meet). {@link
 * #draw} shuffles the ids with the caller's random source and takes the first compatible ones.
 *
 * <p>Two catalogues exist: {@link #ifeval()}, IFEval-style constraints in sensible ranges for
 * {@link InstructionSynthesizer} ({@code spar instructions synth}), and the miniature's (small
 * arguments, its word bank) for its task stream. Immutable and thread-safe.
 */
public final class ConstraintCatalog {
  /** Draws the kwargs and the phrasing of one constraint. */
  @FunctionalInterface
  public interface Sampler {
    /**
     * @param rnd the instruction's random source
     * @param task the task sentence the constraint joins
     */
    Constraint sample(Random rnd, String task);
  }

  private final String name;
  private final Map<String, Sampler> samplers;
  private final List<String> ids;
  private final Map<String, Set<String>> conflicts;

  /**
   * @param name what the catalogue serves, for messages
   * @param samplers the sampler of each id, in the order {@link #draw} shuffles them from
   * @param conflicts for each id, the ids it never joins; must be symmetric and name known ids
   */
  public ConstraintCatalog(
      String name, Map<String, Sampler> samplers, Map<String, Set<String>> conflicts) {
    Preconditions.checkArgument(!samplers.isEmpty(), "%s: samplers must not be empty", name);
    conflicts.forEach(
        (id, others) -> {
          Preconditions.checkArgument(
              samplers.containsKey(id), "%s: conflict of unknown id '%s'", name, id);
          for (String other : others) {
            Preconditions.checkArgument(
                conflicts.getOrDefault(other, Set.of()).contains(id),
                "%s: conflicts must be symmetric, but %s excludes %s and not the reverse",
                name,
                id,
                other);
          }
        });
    this.name = name;
    this.samplers = Collections.unmodifiableMap(new LinkedHashMap<>(samplers));
    this.ids = List.copyOf(samplers.keySet());
    this.conflicts = Map.copyOf(conflicts);
  }

  /** The ids the catalogue can produce, in its order. */
  public List<String> ids() {
    return ids;
  }

  /** Whether {@code id} may join a prompt that already has {@code chosen}. */
  public boolean compatible(String id, List<Constraint> chosen) {
    for (Constraint c : chosen) {
      if (c.id().equals(id) || conflicts.getOrDefault(id, Set.of()).contains(c.id())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Samples one constraint.
   *
   * @throws IllegalArgumentException if the catalogue does not hold {@code id}
   */
  public Constraint sample(String id, Random rnd, String task) {
    Sampler sampler = samplers.get(id);
    Preconditions.checkArgument(
        sampler != null,
        "%s does not support instruction id '%s'; expected one of %s",
        name,
        id,
        ids);
    return sampler.sample(rnd, task);
  }

  /**
   * Up to {@code count} mutually compatible constraints for {@code task}: the ids shuffled with
   * {@code rnd}, each compatible one sampled in turn until {@code count} are chosen.
   */
  public List<Constraint> draw(Random rnd, int count, String task) {
    Preconditions.checkArgument(count >= 1, "count must be >= 1, but was: %s", count);
    List<String> shuffled = new ArrayList<>(ids);
    Collections.shuffle(shuffled, rnd);
    List<Constraint> chosen = new ArrayList<>();
    for (String id : shuffled) {
      if (chosen.size() == count) {
        break;
      }
      if (compatible(id, chosen)) {
        chosen.add(sample(id, rnd, task));
      }
    }
    return List.copyOf(chosen);
  }

  /** The prompt: the task sentence, then each constraint's phrase after a space. */
  public static String prompt(String task, List<Constraint> constraints) {
    StringBuilder prompt = new StringBuilder(task);
    constraints.forEach(c -> prompt.append(' ').append(c.phrase()));
    return prompt.toString();
  }

  /** The IFEval-style catalogue of {@link InstructionSynthesizer}. */
  public static ConstraintCatalog ifeval() {
    return IFEVAL;
  }

  /**
   * Words used as required keywords; {@link CompliantResponseWriter} never uses them in filler
   * text.
   */
  static final List<String> KEYWORDS =
      List.of(
          "lantern", "compass", "harvest", "ribbon", "meadow", "voyage", "canvas", "orbit",
          "puzzle", "anchor", "blossom", "harbor", "mosaic", "summit", "thunder", "velvet",
          "whistle", "falcon");

  /** Words synthesis forbids; the filler text never uses them. */
  static final List<String> FORBIDDEN =
      List.of(
          "basically",
          "actually",
          "very",
          "really",
          "literally",
          "stuff",
          "things",
          "simply",
          "obviously",
          "totally",
          "awesome",
          "nice");

  static final List<String> RARE_LETTERS = List.of("z", "q", "x", "j");
  static final List<String> COMMON_LETTERS = List.of("e", "t", "a", "o", "n", "s", "r");
  static final List<String> END_PHRASES =
      List.of(
          "Is there anything else I can help with?",
          "Let me know if you have additional questions.",
          "That is all for now.",
          "Thank you for reading.");

  private static final String NO_COMMA = "punctuation:no_comma";
  private static final String EXISTENCE = "keywords:existence";
  private static final String FREQUENCY = "keywords:frequency";
  private static final String FORBIDDEN_WORDS = "keywords:forbidden_words";
  private static final String LETTER = "keywords:letter_frequency";
  private static final String WORDS = "length_constraints:number_words";
  private static final String SENTENCES = "length_constraints:number_sentences";
  private static final String PARAGRAPHS = "length_constraints:number_paragraphs";
  private static final String PLACEHOLDERS = "detectable_content:number_placeholders";
  private static final String POSTSCRIPT = "detectable_content:postscript";
  private static final String BULLETS = "detectable_format:number_bullet_lists";
  private static final String HIGHLIGHTS = "detectable_format:number_highlighted_sections";
  private static final String SECTIONS = "detectable_format:multiple_sections";
  private static final String TITLE = "detectable_format:title";
  private static final String END = "startend:end_checker";
  private static final String QUOTATION = "startend:quotation";
  private static final String LOWERCASE = "change_case:english_lowercase";
  private static final String CAPITAL = "change_case:english_capital";
  private static final String CAPITAL_WORDS = "change_case:capital_word_frequency";
  private static final String REPEAT = "combination:repeat_prompt";

  /** The ids of the IFEval-style catalogue. */
  static final List<String> IDS =
      List.of(
          NO_COMMA,
          EXISTENCE,
          FREQUENCY,
          FORBIDDEN_WORDS,
          LETTER,
          WORDS,
          SENTENCES,
          PARAGRAPHS,
          PLACEHOLDERS,
          POSTSCRIPT,
          BULLETS,
          HIGHLIGHTS,
          SECTIONS,
          TITLE,
          END,
          QUOTATION,
          LOWERCASE,
          CAPITAL,
          CAPITAL_WORDS,
          REPEAT);

  private static final ConstraintCatalog IFEVAL = ifevalCatalog();

  private static ConstraintCatalog ifevalCatalog() {
    Map<String, Sampler> samplers = new LinkedHashMap<>();
    for (String id : IDS) {
      samplers.put(id, (rnd, task) -> sampleIfeval(id, rnd, task));
    }
    return new ConstraintCatalog("synthesis", samplers, conflicts());
  }

  private static Map<String, Set<String>> conflicts() {
    Map<String, Set<String>> c = new LinkedHashMap<>();
    c.put(LOWERCASE, Set.of(CAPITAL, CAPITAL_WORDS, SECTIONS));
    c.put(CAPITAL, Set.of(LOWERCASE, CAPITAL_WORDS, SECTIONS, LETTER));
    c.put(CAPITAL_WORDS, Set.of(LOWERCASE, CAPITAL));
    c.put(SECTIONS, Set.of(LOWERCASE, CAPITAL, PARAGRAPHS));
    c.put(PARAGRAPHS, Set.of(SECTIONS));
    c.put(REPEAT, Set.of(QUOTATION));
    c.put(QUOTATION, Set.of(REPEAT));
    c.put(LETTER, Set.of(CAPITAL));
    c.put(WORDS, Set.of(SENTENCES));
    c.put(SENTENCES, Set.of(WORDS));
    c.put(EXISTENCE, Set.of(FREQUENCY));
    c.put(FREQUENCY, Set.of(EXISTENCE));
    return c;
  }

  private static <T> T pick(Random rnd, List<T> options) {
    return options.get(rnd.nextInt(options.size()));
  }

  private static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }

  /**
   * Samples the kwargs and phrasing of one IFEval-style constraint.
   *
   * @param task the task sentence (the text {@code combination:repeat_prompt} asks to repeat)
   */
  private static Constraint sampleIfeval(String id, Random rnd, String task) {
    Map<String, Object> k = new LinkedHashMap<>();
    String phrase;
    switch (id) {
      case NO_COMMA ->
          phrase =
              pick(
                  rnd,
                  List.of(
                      "Do not use any commas in your response.",
                      "Avoid commas entirely.",
                      "Your reply must not contain a single comma."));
      case EXISTENCE -> {
        List<String> words = new ArrayList<>(KEYWORDS);
        java.util.Collections.shuffle(words, rnd);
        List<String> chosen = words.subList(0, 1 + rnd.nextInt(2));
        k.put("keywords", List.copyOf(chosen));
        phrase =
            fmt(
                pick(
                    rnd,
                    List.of(
                        "Make sure to include the words %s.",
                        "Work the keywords %s into your answer.")),
                String.join(" and ", chosen));
      }
      case FREQUENCY -> {
        String word = pick(rnd, KEYWORDS);
        boolean atLeast = rnd.nextBoolean();
        int n = atLeast ? 2 + rnd.nextInt(3) : 2 + rnd.nextInt(3);
        k.put("keyword", word);
        k.put("frequency", n);
        k.put("relation", atLeast ? "at least" : "less than");
        phrase =
            atLeast
                ? fmt("Use the word \"%s\" at least %d times.", word, n)
                : fmt("Mention the word \"%s\" fewer than %d times.", word, n);
      }
      case FORBIDDEN_WORDS -> {
        List<String> words = new ArrayList<>(FORBIDDEN);
        java.util.Collections.shuffle(words, rnd);
        List<String> chosen = List.copyOf(words.subList(0, 2 + rnd.nextInt(2)));
        k.put("forbidden_words", chosen);
        phrase =
            fmt(
                pick(
                    rnd,
                    List.of(
                        "Do not use the words %s.", "Avoid the words %s anywhere in your reply.")),
                String.join(", ", chosen).replace(",", " or"));
      }
      case LETTER -> {
        boolean atLeast = rnd.nextBoolean();
        String letter = atLeast ? pick(rnd, COMMON_LETTERS) : pick(rnd, RARE_LETTERS);
        int n = atLeast ? 5 + rnd.nextInt(16) : 2 + rnd.nextInt(4);
        k.put("letter", letter);
        k.put("let_frequency", n);
        k.put("let_relation", atLeast ? "at least" : "less than");
        phrase =
            atLeast
                ? fmt("The letter \"%s\" should appear at least %d times.", letter, n)
                : fmt("Use the letter \"%s\" fewer than %d times.", letter, n);
      }
      case WORDS -> {
        boolean atLeast = rnd.nextBoolean();
        int n = atLeast ? 10 * (5 + rnd.nextInt(16)) : 10 * (12 + rnd.nextInt(19));
        k.put("num_words", n);
        k.put("relation", atLeast ? "at least" : "less than");
        phrase = atLeast ? fmt("Write at least %d words.", n) : fmt("Keep it under %d words.", n);
      }
      case SENTENCES -> {
        boolean atLeast = rnd.nextBoolean();
        int n = atLeast ? 3 + rnd.nextInt(8) : 8 + rnd.nextInt(8);
        k.put("num_sentences", n);
        k.put("relation", atLeast ? "at least" : "less than");
        phrase =
            atLeast
                ? fmt("Your answer should contain at least %d sentences.", n)
                : fmt("Use fewer than %d sentences.", n);
      }
      case PARAGRAPHS -> {
        int n = 2 + rnd.nextInt(4);
        k.put("num_paragraphs", n);
        phrase =
            fmt("Write exactly %d paragraphs and separate them with the markdown divider ***.", n);
      }
      case PLACEHOLDERS -> {
        int n = 1 + rnd.nextInt(4);
        k.put("num_placeholders", n);
        phrase = fmt("Include at least %d placeholders in square brackets such as [name].", n);
      }
      case POSTSCRIPT -> {
        String marker = rnd.nextBoolean() ? "P.S." : "P.P.S";
        k.put("postscript_marker", marker);
        phrase = fmt("End with a postscript that starts with %s", marker);
      }
      case BULLETS -> {
        int n = 2 + rnd.nextInt(4);
        k.put("num_bullets", n);
        phrase =
            fmt(
                "Include exactly %d bullet points in markdown such as:\n* first point\n* second point",
                n);
      }
      case HIGHLIGHTS -> {
        int n = 1 + rnd.nextInt(4);
        k.put("num_highlights", n);
        phrase =
            fmt("Highlight at least %d parts of your answer with markdown like *this part*.", n);
      }
      case SECTIONS -> {
        String splitter = rnd.nextBoolean() ? "SECTION" : "Section";
        int n = 2 + rnd.nextInt(3);
        k.put("section_spliter", splitter);
        k.put("num_sections", n);
        phrase =
            fmt(
                "Organize the answer in %d sections and start each with \"%s X\" where X is its number.",
                n, splitter);
      }
      case TITLE ->
          phrase =
              pick(
                  rnd,
                  List.of(
                      "Give your answer a title wrapped in double angular brackets such as <<my title>>.",
                      "Start with a title in double angular brackets like <<title>>."));
      case END -> {
        String end = pick(rnd, END_PHRASES);
        k.put("end_phrase", end);
        phrase =
            fmt("Finish your response with the exact phrase \"%s\" and nothing after it.", end);
      }
      case QUOTATION -> phrase = "Wrap your whole response in double quotation marks.";
      case LOWERCASE -> phrase = "Write everything in English using only lowercase letters.";
      case CAPITAL -> phrase = "Write the whole response in English and in capital letters only.";
      case CAPITAL_WORDS -> {
        boolean atLeast = rnd.nextBoolean();
        int n = 2 + rnd.nextInt(5);
        k.put("capital_frequency", n);
        k.put("capital_relation", atLeast ? "at least" : "less than");
        phrase =
            atLeast
                ? fmt(
                    "Stress key ideas: use at least %d words written entirely in capital letters.",
                    n)
                : fmt("Use fewer than %d words written entirely in capital letters.", n);
      }
      case REPEAT -> {
        k.put("prompt_to_repeat", task);
        phrase =
            "Before you answer, repeat the request above word for word (but not this sentence).";
      }
      default ->
          throw new IllegalArgumentException(
              "synthesis does not support instruction id '" + id + "'");
    }
    return new Constraint(id, k, phrase);
  }
}
