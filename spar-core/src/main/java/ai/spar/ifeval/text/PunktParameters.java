package ai.spar.ifeval.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The learned parameters of a Punkt sentence tokenizer (Kiss and Strunk 2006): abbreviation types,
 * collocations, frequent sentence starters and orthographic contexts, as NLTK's {@code
 * PunktParameters} holds them.
 *
 * @param abbrevTypes lower-cased abbreviation types without their final period
 * @param collocations pairs of word types (joined by a single space) that are not split at a period
 * @param sentenceStarters word types that often start a sentence
 * @param orthoContext per word type, the orthographic context bit flags (NLTK values: 2 BEG_UC, 4
 *     MID_UC, 8 UNK_UC, 16 BEG_LC, 32 MID_LC, 64 UNK_LC)
 */
public record PunktParameters(
    Set<String> abbrevTypes,
    Set<String> collocations,
    Set<String> sentenceStarters,
    Map<String, Integer> orthoContext) {

  /** The classpath resource holding the parameters of NLTK's English model. */
  public static final String ENGLISH_RESOURCE = "/ai/spar/ifeval/punkt_english.json";

  public PunktParameters {
    Preconditions.checkArgument(abbrevTypes != null, "abbrevTypes must not be null");
    Preconditions.checkArgument(collocations != null, "collocations must not be null");
    Preconditions.checkArgument(sentenceStarters != null, "sentenceStarters must not be null");
    Preconditions.checkArgument(orthoContext != null, "orthoContext must not be null");
    abbrevTypes = Set.copyOf(abbrevTypes);
    collocations = Set.copyOf(collocations);
    sentenceStarters = Set.copyOf(sentenceStarters);
    orthoContext = Map.copyOf(orthoContext);
  }

  /** Whether {@code (first, second)} is a known collocation. */
  public boolean isCollocation(String first, String second) {
    return collocations.contains(first + " " + second);
  }

  /** The orthographic context flags of a word type (0 when never seen). */
  public int ortho(String type) {
    return orthoContext.getOrDefault(type, 0);
  }

  /** Loads the English model bundled with the IFEval resources. */
  public static PunktParameters english() {
    return EnglishHolder.ENGLISH;
  }

  /** Reads parameters from the JSON layout of {@code punkt_english.json}. */
  public static PunktParameters read(InputStream in, String source) {
    try {
      JsonNode root = new ObjectMapper().readTree(in);
      Set<String> abbrevs = new HashSet<>();
      required(root, "abbrev_types", source).forEach(n -> abbrevs.add(n.asText()));
      Set<String> collocations = new HashSet<>();
      for (JsonNode pair : required(root, "collocations", source)) {
        Preconditions.checkArgument(
            pair.isArray() && pair.size() == 2,
            "%s: collocations entries must be pairs of strings, but got: %s",
            source,
            pair);
        collocations.add(pair.get(0).asText() + " " + pair.get(1).asText());
      }
      Set<String> starters = new HashSet<>();
      required(root, "sentence_starters", source).forEach(n -> starters.add(n.asText()));
      Map<String, Integer> ortho = new HashMap<>();
      Iterator<Map.Entry<String, JsonNode>> fields =
          required(root, "ortho_context", source).fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> e = fields.next();
        ortho.put(e.getKey(), e.getValue().asInt());
      }
      return new PunktParameters(abbrevs, collocations, starters, ortho);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read Punkt parameters from " + source, e);
    }
  }

  private static JsonNode required(JsonNode root, String key, String source) {
    JsonNode node = root.get(key);
    Preconditions.checkArgument(node != null, "%s: missing key '%s'", source, key);
    return node;
  }

  private static final class EnglishHolder {
    static final PunktParameters ENGLISH = load();

    private static PunktParameters load() {
      try (InputStream in = PunktParameters.class.getResourceAsStream(ENGLISH_RESOURCE)) {
        Preconditions.checkState(in != null, "missing classpath resource %s", ENGLISH_RESOURCE);
        return read(in, ENGLISH_RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
