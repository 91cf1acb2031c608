package ai.spar.ifeval.language;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Detects the language of a text as Python {@code langdetect} 1.0.9 does with {@code
 * DetectorFactory.seed = 0} (the detector the reference IFEval calls): character n-grams (1-3) of
 * the normalised text, a naive-Bayes update per n-gram drawn at random, seven trials with a
 * Gaussian-jittered smoothing, averaged. The random draws replay CPython's Mersenne Twister, so the
 * verdicts match the reference on the same text.
 *
 * <p>Languages are indexed in sorted order of their codes; the reference indexes them in
 * directory-listing order. That order only changes the order of floating-point additions when
 * probabilities are renormalised, which can flip the convergence test on a knife edge (a rare, tiny
 * deviation).
 *
 * <p>Immutable and thread-safe; the 55 bundled profiles are loaded once, on first use.
 */
public final class LanguageDetector {

  /** The language codes of the bundled profiles (ISO 639-1, plus zh-cn and zh-tw). */
  public static final List<String> LANGUAGES =
      List.of(
          "af", "ar", "bg", "bn", "ca", "cs", "cy", "da", "de", "el", "en", "es", "et", "fa", "fi",
          "fr", "gu", "he", "hi", "hr", "hu", "id", "it", "ja", "kn", "ko", "lt", "lv", "mk", "ml",
          "mr", "ne", "nl", "no", "pa", "pl", "pt", "ro", "ru", "sk", "sl", "so", "sq", "sv", "sw",
          "ta", "te", "th", "tl", "tr", "uk", "ur", "vi", "zh-cn", "zh-tw");

  /** The seed the reference runs with ({@code DetectorFactory.seed = 0}). */
  public static final long REFERENCE_SEED = 0;

  private static final String PROFILE_DIR = "/ai/spar/ifeval/langdetect/profiles/";
  private static final double ALPHA_DEFAULT = 0.5;
  private static final double ALPHA_WIDTH = 0.05;
  private static final int ITERATION_LIMIT = 1000;
  private static final double PROB_THRESHOLD = 0.1;
  private static final double CONV_THRESHOLD = 0.99999;
  private static final double BASE_FREQ = 10000;
  private static final int N_TRIAL = 7;
  private static final int MAX_TEXT_LENGTH = 10000;
  private static final Pattern URL = Pattern.compile("https?://[-_.?&~;+=/#0-9A-Za-z]{1,2076}");
  private static final Pattern MAIL =
      Pattern.compile("[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}");

  private final Map<String, double[]> wordLangProb;
  private final NGramNormalizer normalizer;
  private final long seed;

  private LanguageDetector(
      Map<String, double[]> wordLangProb, NGramNormalizer normalizer, long seed) {
    this.wordLangProb = wordLangProb;
    this.normalizer = normalizer;
    this.seed = seed;
  }

  /** The detector with the bundled profiles and the reference seed. */
  public static LanguageDetector reference() {
    return Holder.REFERENCE;
  }

  /** The same profiles with another seed. */
  public LanguageDetector withSeed(long newSeed) {
    return new LanguageDetector(wordLangProb, normalizer, newSeed);
  }

  /**
   * The most probable language code, or empty where the text has no n-gram features (the reference
   * raises {@code LangDetectException} there). Returns {@code "unknown"} when no language passes
   * probability 0.1.
   */
  public Optional<String> detect(String text) {
    Preconditions.checkArgument(text != null, "text must not be null");
    String cleaned = clean(append(text));
    List<String> ngrams = extractNgrams(cleaned);
    if (ngrams.isEmpty()) {
      return Optional.empty();
    }
    double[] langprob = new double[LANGUAGES.size()];
    PythonRandom random = new PythonRandom(seed);
    for (int t = 0; t < N_TRIAL; t++) {
      double[] prob = new double[LANGUAGES.size()];
      java.util.Arrays.fill(prob, 1.0 / LANGUAGES.size());
      double alpha = ALPHA_DEFAULT + random.gauss(0.0, 1.0) * ALPHA_WIDTH;
      for (int i = 0; ; i++) {
        update(prob, ngrams.get(random.randbelow(ngrams.size())), alpha);
        if (i % 5 == 0 && (normalize(prob) > CONV_THRESHOLD || i >= ITERATION_LIMIT)) {
          break;
        }
      }
      for (int j = 0; j < langprob.length; j++) {
        langprob[j] += prob[j] / N_TRIAL;
      }
    }
    int best = -1;
    for (int j = 0; j < langprob.length; j++) {
      if (langprob[j] > PROB_THRESHOLD && (best < 0 || langprob[j] > langprob[best])) {
        best = j;
      }
    }
    return Optional.of(best < 0 ? "unknown" : LANGUAGES.get(best));
  }

  private String append(String text) {
    String t = URL.matcher(text).replaceAll(" ");
    t = MAIL.matcher(t).replaceAll(" ");
    t = normalizer.normalizeVietnamese(t);
    StringBuilder out = new StringBuilder();
    int pre = -1;
    int count = 0;
    for (int i = 0; i < t.length() && count < MAX_TEXT_LENGTH; count++) {
      int ch = t.codePointAt(i);
      i += Character.charCount(ch);
      if (ch != ' ' || pre != ' ') {
        out.appendCodePoint(ch);
      }
      pre = ch;
    }
    return out.toString();
  }

  private static String clean(String text) {
    int latin = 0;
    int nonLatin = 0;
    for (int i = 0; i < text.length(); ) {
      int ch = text.codePointAt(i);
      i += Character.charCount(ch);
      if (ch >= 'A' && ch <= 'z') {
        latin++;
      } else if (ch >= 0x300 && !NGramNormalizer.isLatinExtendedAdditional(ch)) {
        nonLatin++;
      }
    }
    if (latin * 2 >= nonLatin) {
      return text;
    }
    StringBuilder out = new StringBuilder();
    text.codePoints().filter(ch -> ch < 'A' || ch > 'z').forEach(out::appendCodePoint);
    return out.toString();
  }

  private List<String> extractNgrams(String text) {
    List<String> result = new ArrayList<>();
    int[] grams = new int[3];
    int len = 1;
    grams[0] = ' ';
    boolean capitalWord = false;
    for (int i = 0; i < text.length(); ) {
      int raw = text.codePointAt(i);
      i += Character.charCount(raw);
      int ch = normalizer.normalize(raw);
      int last = grams[len - 1];
      boolean skip = false;
      if (last == ' ') {
        grams[0] = ' ';
        len = 1;
        capitalWord = false;
        if (ch == ' ') {
          skip = true;
        }
      } else if (len >= 3) {
        grams[0] = grams[1];
        grams[1] = grams[2];
        len = 2;
      }
      if (!skip) {
        grams[len++] = ch;
        if (Character.isUpperCase(ch)) {
          if (Character.isUpperCase(last)) {
            capitalWord = true;
          }
        } else {
          capitalWord = false;
        }
      }
      if (capitalWord) {
        continue;
      }
      for (int n = 1; n <= 3 && n <= len; n++) {
        if (n == 1 && grams[len - 1] == ' ') {
          continue;
        }
        String w = new String(grams, len - n, n);
        if (wordLangProb.containsKey(w)) {
          result.add(w);
        }
      }
    }
    return result;
  }

  private void update(double[] prob, String word, double alpha) {
    double[] langProb = wordLangProb.get(word);
    double weight = alpha / BASE_FREQ;
    for (int i = 0; i < prob.length; i++) {
      prob[i] *= weight + langProb[i];
    }
  }

  private static double normalize(double[] prob) {
    double sum = 0.0;
    for (double p : prob) {
      sum += p;
    }
    double max = 0.0;
    for (int i = 0; i < prob.length; i++) {
      double p = prob[i] / sum;
      if (max < p) {
        max = p;
      }
      prob[i] = p;
    }
    return max;
  }

  private static Map<String, double[]> loadProfiles() {
    ObjectMapper json = new ObjectMapper();
    Map<String, double[]> map = new HashMap<>();
    for (int index = 0; index < LANGUAGES.size(); index++) {
      String resource = PROFILE_DIR + LANGUAGES.get(index);
      try (InputStream in = LanguageDetector.class.getResourceAsStream(resource)) {
        Preconditions.checkState(in != null, "missing classpath resource %s", resource);
        JsonNode profile = json.readTree(in);
        JsonNode nWords = profile.get("n_words");
        JsonNode freq = profile.get("freq");
        Preconditions.checkState(
            nWords != null && nWords.size() == 3 && freq != null,
            "%s: a profile needs 'freq' and a 3-element 'n_words'",
            resource);
        Iterator<Map.Entry<String, JsonNode>> it = freq.fields();
        while (it.hasNext()) {
          Map.Entry<String, JsonNode> e = it.next();
          String word = e.getKey();
          int length = word.codePointCount(0, word.length());
          double[] probs = map.computeIfAbsent(word, w -> new double[LANGUAGES.size()]);
          if (length >= 1 && length <= 3) {
            probs[index] = e.getValue().asDouble() / nWords.get(length - 1).asDouble();
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read language profile " + resource, e);
      }
    }
    return Map.copyOf(map);
  }

  private static final class Holder {
    static final LanguageDetector REFERENCE =
        new LanguageDetector(loadProfiles(), NGramNormalizer.load(), REFERENCE_SEED);
  }
}
