package ai.spar.ifeval.language;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Character normalisation of langdetect's {@code NGram}: per Unicode block, punctuation and digits
 * become spaces, kana, hangul and bopomofo collapse to one representative, CJK ideographs map to
 * their class representative, and Vietnamese letters with combining marks are composed. Tables come
 * from langdetect's {@code messages.properties}.
 *
 * <p>Immutable and thread-safe.
 */
final class NGramNormalizer {
  static final String MESSAGES_RESOURCE = "/ai/spar/ifeval/langdetect/messages.properties";
  private static final String[] VI_DMARKS = {"0300", "0301", "0303", "0309", "0323"};

  private final String latin1Excluded;
  private final Map<Integer, Integer> cjkMap;
  private final String viLetters;
  private final String viMarks;
  private final String[] viComposed;

  private NGramNormalizer(Properties messages) {
    this.latin1Excluded = get(messages, "NGram.LATIN1_EXCLUDE");
    Map<Integer, Integer> cjk = new HashMap<>();
    for (String key : messages.stringPropertyNames()) {
      if (key.startsWith("NGram.KANJI_")) {
        String members = get(messages, key);
        int representative = members.codePointAt(0);
        members.codePoints().forEach(cp -> cjk.put(cp, representative));
      }
    }
    this.cjkMap = Map.copyOf(cjk);
    this.viLetters = get(messages, "TO_NORMALIZE_VI_CHARS");
    this.viMarks = get(messages, "DMARK_CLASS");
    this.viComposed = new String[VI_DMARKS.length];
    for (int i = 0; i < VI_DMARKS.length; i++) {
      viComposed[i] = get(messages, "NORMALIZED_VI_CHARS_" + VI_DMARKS[i]);
    }
  }

  static NGramNormalizer load() {
    try (InputStream in = NGramNormalizer.class.getResourceAsStream(MESSAGES_RESOURCE)) {
      Preconditions.checkState(in != null, "missing classpath resource %s", MESSAGES_RESOURCE);
      Properties p = new Properties();
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      return new NGramNormalizer(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + MESSAGES_RESOURCE, e);
    }
  }

  private static String get(Properties p, String key) {
    String v = p.getProperty(key);
    Preconditions.checkState(v != null, "%s: missing key %s", MESSAGES_RESOURCE, key);
    return v;
  }

  /** {@code NGram.normalize(ch)}. */
  int normalize(int ch) {
    if (ch <= 0x7F) {
      return ch < 'A' || (ch > 'Z' && ch < 'a') || ch > 'z' ? ' ' : ch;
    } else if (ch <= 0xFF) {
      return latin1Excluded.indexOf(ch) >= 0 ? ' ' : ch;
    } else if (ch >= 0x0180 && ch <= 0x024F) {
      if (ch == 0x0219) {
        return 0x015F;
      }
      return ch == 0x021B ? 0x0163 : ch;
    } else if (ch >= 0x2000 && ch <= 0x206F) {
      return ' ';
    } else if (ch >= 0x0600 && ch <= 0x06FF) {
      return ch == 0x06CC ? 0x064A : ch;
    } else if (ch >= 0x1E00 && ch <= 0x1EFF) {
      return ch >= 0x1EA0 ? 0x1EC3 : ch;
    } else if (ch >= 0x3040 && ch <= 0x309F) {
      return 0x3042;
    } else if (ch >= 0x30A0 && ch <= 0x30FF) {
      return 0x30A2;
    } else if ((ch >= 0x3100 && ch <= 0x312F) || (ch >= 0x31A0 && ch <= 0x31BF)) {
      return 0x3105;
    } else if (ch >= 0x4E00 && ch <= 0x9FFF) {
      return cjkMap.getOrDefault(ch, ch);
    } else if (ch >= 0xAC00 && ch <= 0xD7AF) {
      return 0xAC00;
    }
    return ch;
  }

  /**
   * {@code NGram.normalize_vi(text)}: composes a Vietnamese base letter and a following combining
   * mark.
   */
  String normalizeVietnamese(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      int len = Character.charCount(cp);
      int letter = viLetters.indexOf(cp);
      if (letter >= 0 && i + len < text.length()) {
        int mark = viMarks.indexOf(text.codePointAt(i + len));
        if (mark >= 0) {
          out.append(viComposed[mark].charAt(letter));
          i += len + 1;
          continue;
        }
      }
      out.appendCodePoint(cp);
      i += len;
    }
    return out.toString();
  }

  /** Whether {@code ch} lies in the Latin Extended Additional block. */
  static boolean isLatinExtendedAdditional(int ch) {
    return ch >= 0x1E00 && ch <= 0x1EFF;
  }
}
