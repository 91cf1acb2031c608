package ai.spar.miniature;

import com.google.common.base.Preconditions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The miniature's vocabulary of subjects: adjectives, nouns, verbs (base and third person
 * singular), places, keywords that constraints may require, degree adverbs that constraints may
 * forbid, and end phrases. Every entry is lowercase and comma-free, so case and comma constraints
 * are decided by the layout alone.
 *
 * @param adjectives describing words ("red")
 * @param nouns subjects and objects ("fox")
 * @param verbs base forms ("run")
 * @param verbsThirdPerson third person singular forms, parallel to {@code verbs} ("runs")
 * @param places where a subject is found ("park")
 * @param keywords words a constraint may require ("lantern")
 * @param degree adverbs a constraint may forbid ("very")
 * @param endPhrases lowercase closing sentences ("that is all.")
 */
public record WordBank(
    List<String> adjectives,
    List<String> nouns,
    List<String> verbs,
    List<String> verbsThirdPerson,
    List<String> places,
    List<String> keywords,
    List<String> degree,
    List<String> endPhrases) {

  /** The classpath resource with the bundled word bank. */
  public static final String RESOURCE = "/ai/spar/miniature/word-bank.txt";

  private static final List<String> SECTIONS =
      List.of("adjectives", "nouns", "verbs", "places", "keywords", "degree", "end-phrases");

  public WordBank {
    adjectives = checked("adjectives", adjectives, 4);
    nouns = checked("nouns", nouns, 4);
    verbs = checked("verbs", verbs, 2);
    verbsThirdPerson = checked("verbsThirdPerson", verbsThirdPerson, 2);
    places = checked("places", places, 2);
    keywords = checked("keywords", keywords, 3);
    degree = checked("degree", degree, 2);
    endPhrases = checked("endPhrases", endPhrases, 2);
    Preconditions.checkArgument(
        verbs.size() == verbsThirdPerson.size(),
        "verbs and verbsThirdPerson must be parallel, but had %s and %s entries",
        verbs.size(),
        verbsThirdPerson.size());
  }

  private static List<String> checked(String name, List<String> words, int min) {
    Preconditions.checkArgument(words != null, "%s must not be null", name);
    Preconditions.checkArgument(
        words.size() >= min,
        "%s must hold at least %s entries, but had %s",
        name,
        min,
        words.size());
    for (String w : words) {
      Preconditions.checkArgument(
          w != null
              && !w.isBlank()
              && !w.contains(",")
              && w.equals(w.toLowerCase(Locale.ROOT))
              && w.equals(w.strip()),
          "%s entries must be lowercase, trimmed and comma-free, but found: '%s'",
          name,
          w);
    }
    return List.copyOf(words);
  }

  /** The bundled word bank. */
  public static WordBank bundled() {
    try (InputStream in = WordBank.class.getResourceAsStream(RESOURCE)) {
      Preconditions.checkState(in != null, "missing classpath resource %s", RESOURCE);
      return parse(new InputStreamReader(in, StandardCharsets.UTF_8), RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /**
   * Parses the word bank format: {@code [section]} headers, one entry per line, {@code #} comments.
   *
   * @throws IllegalArgumentException naming the source and line for an unknown section, an entry
   *     outside a section, or a verb line without two forms
   */
  static WordBank parse(Reader reader, String source) throws IOException {
    Map<String, List<String>> sections = new LinkedHashMap<>();
    SECTIONS.forEach(s -> sections.put(s, new ArrayList<>()));
    List<String> thirdPerson = new ArrayList<>();
    String section = null;
    BufferedReader lines = new BufferedReader(reader);
    int number = 0;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      number++;
      String entry = line.strip();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      if (entry.startsWith("[") && entry.endsWith("]")) {
        section = entry.substring(1, entry.length() - 1);
        Preconditions.checkArgument(
            sections.containsKey(section),
            "%s:%s: unknown section [%s]; expected one of %s",
            source,
            number,
            section,
            SECTIONS);
        continue;
      }
      Preconditions.checkArgument(
          section != null, "%s:%s: entry '%s' before any [section]", source, number, entry);
      if (section.equals("verbs")) {
        String[] forms = entry.split(" ");
        Preconditions.checkArgument(
            forms.length == 2,
            "%s:%s: a verb line must hold the base and third person forms, but was: '%s'",
            source,
            number,
            entry);
        sections.get(section).add(forms[0]);
        thirdPerson.add(forms[1]);
      } else {
        sections.get(section).add(entry);
      }
    }
    return new WordBank(
        sections.get("adjectives"),
        sections.get("nouns"),
        sections.get("verbs"),
        thirdPerson,
        sections.get("places"),
        sections.get("keywords"),
        sections.get("degree"),
        sections.get("end-phrases"));
  }

  /** The number of distinct entries over all lists. */
  public int size() {
    java.util.Set<String> all = new java.util.HashSet<>();
    all.addAll(adjectives);
    all.addAll(nouns);
    all.addAll(verbs);
    all.addAll(verbsThirdPerson);
    all.addAll(places);
    all.addAll(keywords);
    all.addAll(degree);
    all.addAll(endPhrases);
    return all.size();
  }
}
