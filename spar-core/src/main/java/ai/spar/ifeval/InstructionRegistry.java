package ai.spar.ifeval;

import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The 25 IFEval instructions by their reference ids, each built from its kwargs: the one registry
 * of checkers, an explicit map built here (no reflection).
 *
 * <p>Arguments are validated where the reference would silently draw a random default (a missing or
 * negative count, an unknown relation, a letter that is not one character): here that is an error
 * naming the id and argument, so that a verdict never depends on chance.
 */
public final class InstructionRegistry {

  private static final Map<String, Function<Map<String, Object>, InstructionCheck>> FACTORIES =
      build();

  private InstructionRegistry() {}

  private static Map<String, Function<Map<String, Object>, InstructionCheck>> build() {
    Map<String, Function<Map<String, Object>, InstructionCheck>> m = new LinkedHashMap<>();
    m.put(
        KeywordChecks.Existence.ID,
        k -> KeywordChecks.Existence.of(new Kwargs(KeywordChecks.Existence.ID, k, "keywords")));
    m.put(
        KeywordChecks.Frequency.ID,
        k ->
            KeywordChecks.Frequency.of(
                new Kwargs(KeywordChecks.Frequency.ID, k, "keyword", "frequency", "relation")));
    m.put(
        KeywordChecks.ForbiddenWords.ID,
        k ->
            KeywordChecks.ForbiddenWords.of(
                new Kwargs(KeywordChecks.ForbiddenWords.ID, k, "forbidden_words")));
    m.put(
        KeywordChecks.LetterFrequency.ID,
        k ->
            KeywordChecks.LetterFrequency.of(
                new Kwargs(
                    KeywordChecks.LetterFrequency.ID,
                    k,
                    "letter",
                    "let_frequency",
                    "let_relation")));
    m.put(LanguageCheck.ID, k -> LanguageCheck.of(new Kwargs(LanguageCheck.ID, k, "language")));
    m.put(
        LengthChecks.NumberSentences.ID,
        k ->
            LengthChecks.NumberSentences.of(
                new Kwargs(LengthChecks.NumberSentences.ID, k, "num_sentences", "relation")));
    m.put(
        LengthChecks.NumberParagraphs.ID,
        k ->
            LengthChecks.NumberParagraphs.of(
                new Kwargs(LengthChecks.NumberParagraphs.ID, k, "num_paragraphs")));
    m.put(
        LengthChecks.NumberWords.ID,
        k ->
            LengthChecks.NumberWords.of(
                new Kwargs(LengthChecks.NumberWords.ID, k, "num_words", "relation")));
    m.put(
        LengthChecks.NthParagraphFirstWord.ID,
        k ->
            LengthChecks.NthParagraphFirstWord.of(
                new Kwargs(
                    LengthChecks.NthParagraphFirstWord.ID,
                    k,
                    "num_paragraphs",
                    "nth_paragraph",
                    "first_word")));
    m.put(
        ContentChecks.Placeholders.ID,
        k ->
            ContentChecks.Placeholders.of(
                new Kwargs(ContentChecks.Placeholders.ID, k, "num_placeholders")));
    m.put(
        ContentChecks.Postscript.ID,
        k ->
            ContentChecks.Postscript.of(
                new Kwargs(ContentChecks.Postscript.ID, k, "postscript_marker")));
    m.put(
        FormatChecks.BulletLists.ID,
        k ->
            FormatChecks.BulletLists.of(new Kwargs(FormatChecks.BulletLists.ID, k, "num_bullets")));
    m.put(
        FormatChecks.ConstrainedResponse.ID,
        k ->
            noArgs(FormatChecks.ConstrainedResponse.ID, k, new FormatChecks.ConstrainedResponse()));
    m.put(
        FormatChecks.HighlightedSections.ID,
        k ->
            FormatChecks.HighlightedSections.of(
                new Kwargs(FormatChecks.HighlightedSections.ID, k, "num_highlights")));
    m.put(
        FormatChecks.MultipleSections.ID,
        k ->
            FormatChecks.MultipleSections.of(
                new Kwargs(
                    FormatChecks.MultipleSections.ID, k, "section_spliter", "num_sections")));
    m.put(
        FormatChecks.JsonFormat.ID,
        k -> noArgs(FormatChecks.JsonFormat.ID, k, new FormatChecks.JsonFormat()));
    m.put(FormatChecks.Title.ID, k -> noArgs(FormatChecks.Title.ID, k, new FormatChecks.Title()));
    m.put(
        CombinationChecks.TwoResponses.ID,
        k -> noArgs(CombinationChecks.TwoResponses.ID, k, new CombinationChecks.TwoResponses()));
    m.put(
        CombinationChecks.RepeatPrompt.ID,
        k ->
            CombinationChecks.RepeatPrompt.of(
                new Kwargs(CombinationChecks.RepeatPrompt.ID, k, "prompt_to_repeat")));
    m.put(
        StartEndChecks.EndChecker.ID,
        k ->
            StartEndChecks.EndChecker.of(
                new Kwargs(StartEndChecks.EndChecker.ID, k, "end_phrase")));
    m.put(
        CaseChecks.CapitalWordFrequency.ID,
        k ->
            CaseChecks.CapitalWordFrequency.of(
                new Kwargs(
                    CaseChecks.CapitalWordFrequency.ID,
                    k,
                    "capital_frequency",
                    "capital_relation")));
    m.put(
        CaseChecks.EnglishCapital.ID,
        k -> noArgs(CaseChecks.EnglishCapital.ID, k, new CaseChecks.EnglishCapital()));
    m.put(
        CaseChecks.EnglishLowercase.ID,
        k -> noArgs(CaseChecks.EnglishLowercase.ID, k, new CaseChecks.EnglishLowercase()));
    m.put(
        PunctuationChecks.NoComma.ID,
        k -> noArgs(PunctuationChecks.NoComma.ID, k, new PunctuationChecks.NoComma()));
    m.put(
        StartEndChecks.Quotation.ID,
        k -> noArgs(StartEndChecks.Quotation.ID, k, new StartEndChecks.Quotation()));
    return Map.copyOf(m);
  }

  private static InstructionCheck noArgs(String id, Map<String, Object> k, InstructionCheck check) {
    new Kwargs(id, k);
    return check;
  }

  /** The supported instruction ids. */
  public static Set<String> ids() {
    return FACTORIES.keySet();
  }

  /** Whether {@code id} is a supported instruction id. */
  public static boolean supports(String id) {
    return FACTORIES.containsKey(id);
  }

  /**
   * Builds the check for one instruction.
   *
   * @param id a reference id, e.g. {@code keywords:frequency}
   * @param kwargs its arguments as in IFEval data (null values count as absent)
   * @throws IllegalArgumentException for an unknown id or a missing, unknown or out-of-range
   *     argument; the message names the id and the argument
   */
  public static InstructionCheck create(String id, Map<String, Object> kwargs) {
    Preconditions.checkArgument(id != null, "instruction id must not be null");
    Function<Map<String, Object>, InstructionCheck> factory = FACTORIES.get(id);
    if (factory == null) {
      throw new IllegalArgumentException(
          "unknown instruction id '" + id + "'; supported ids: " + new java.util.TreeSet<>(ids()));
    }
    return factory.apply(kwargs == null ? Map.of() : kwargs);
  }
}
