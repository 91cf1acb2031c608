package ai.spar.ifeval.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Python 3 {@code str} semantics that the reference IFEval relies on, reproduced over Unicode code
 * points: which characters are whitespace, case predicates ({@code isupper}, {@code islower}),
 * stripping, whitespace splitting, and regular-expression character classes that mean what Python's
 * {@code \s}, {@code \w}, {@code \d} and {@code \b} mean (Java's defaults are ASCII-only or differ
 * at the edges).
 *
 * <p>Stateless and thread-safe.
 */
public final class PythonText {

  /** Python's {@code \s}: the characters for which {@code str.isspace()} is true. */
  public static final String SPACE = "[\\t\\n\\x0B\\f\\r\\x1C-\\x1F\\x85\\p{Z}]";

  /** Python's {@code \S}. */
  public static final String NON_SPACE = "[^\\t\\n\\x0B\\f\\r\\x1C-\\x1F\\x85\\p{Z}]";

  /** Python's {@code \w}: alphanumeric ({@code str.isalnum()}) or underscore. */
  public static final String WORD = "[\\p{L}\\p{N}_]";

  /** Python's {@code \W}. */
  public static final String NON_WORD = "[^\\p{L}\\p{N}_]";

  /** Python's {@code \d}: decimal digits of any script. */
  public static final String DIGIT = "\\p{Nd}";

  /** Python's {@code [^\W\d]}: word characters that are not decimal digits. */
  public static final String WORD_NOT_DIGIT = "[\\p{L}\\p{Nl}\\p{No}_]";

  /**
   * Python's {@code \b}: a boundary between a {@link #WORD} and a non-word character (or the text's
   * edge).
   */
  public static final String BOUNDARY =
      "(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))";

  /**
   * Flags that make Java's {@code .}, {@code ^} and {@code $} treat only {@code \n} as a line
   * terminator, as Python's {@code re} does.
   */
  public static final int PYTHON_LINES = Pattern.UNIX_LINES;

  private PythonText() {}

  /** Python's {@code str.isspace()} for one code point. */
  public static boolean isSpace(int cp) {
    if (cp == ' ' || (cp >= '\t' && cp <= '\r') || (cp >= 0x1C && cp <= 0x1F) || cp == 0x85) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.SPACE_SEPARATOR
        || type == Character.LINE_SEPARATOR
        || type == Character.PARAGRAPH_SEPARATOR;
  }

  /**
   * Python's {@code str.isupper()}: at least one cased character and no lowercase or titlecase one.
   */
  public static boolean isUpper(String s) {
    boolean cased = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isLowerCase(cp) || Character.isTitleCase(cp)) {
        return false;
      }
      if (!cased && Character.isUpperCase(cp)) {
        cased = true;
      }
    }
    return cased;
  }

  /**
   * Python's {@code str.islower()}: at least one cased character and no uppercase or titlecase one.
   */
  public static boolean isLower(String s) {
    boolean cased = false;
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      i += Character.charCount(cp);
      if (Character.isUpperCase(cp) || Character.isTitleCase(cp)) {
        return false;
      }
      if (!cased && Character.isLowerCase(cp)) {
        cased = true;
      }
    }
    return cased;
  }

  /** Python's {@code str.lower()} (locale-independent). */
  public static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Python's {@code str.strip()} with no argument. */
  public static String strip(String s) {
    return rstrip(lstrip(s));
  }

  /** Python's {@code str.lstrip()} with no argument. */
  public static String lstrip(String s) {
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      if (!isSpace(cp)) {
        break;
      }
      i += Character.charCount(cp);
    }
    return s.substring(i);
  }

  /** Python's {@code str.rstrip()} with no argument. */
  public static String rstrip(String s) {
    int end = s.length();
    while (end > 0) {
      int cp = s.codePointBefore(end);
      if (!isSpace(cp)) {
        break;
      }
      end -= Character.charCount(cp);
    }
    return s.substring(0, end);
  }

  /** Python's {@code str.strip(chars)}: removes any of {@code chars} from both ends. */
  public static String strip(String s, String chars) {
    int start = 0;
    int end = s.length();
    while (start < end && chars.indexOf(s.codePointAt(start)) >= 0) {
      start += Character.charCount(s.codePointAt(start));
    }
    while (end > start && chars.indexOf(s.codePointBefore(end)) >= 0) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(start, end);
  }

  /** Python's {@code str.lstrip(chars)}. */
  public static String lstrip(String s, String chars) {
    int start = 0;
    while (start < s.length() && chars.indexOf(s.codePointAt(start)) >= 0) {
      start += Character.charCount(s.codePointAt(start));
    }
    return s.substring(start);
  }

  /** Python's {@code str.rstrip(chars)}. */
  public static String rstrip(String s, String chars) {
    int end = s.length();
    while (end > 0 && chars.indexOf(s.codePointBefore(end)) >= 0) {
      end -= Character.charCount(s.codePointBefore(end));
    }
    return s.substring(0, end);
  }

  /**
   * Python's {@code str.split()} with no argument: runs of whitespace separate, empty strings are
   * dropped.
   */
  public static List<String> split(String s) {
    List<String> parts = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && isSpace(s.codePointAt(i))) {
        i += Character.charCount(s.codePointAt(i));
      }
      int start = i;
      while (i < n && !isSpace(s.codePointAt(i))) {
        i += Character.charCount(s.codePointAt(i));
      }
      if (i > start) {
        parts.add(s.substring(start, i));
      }
    }
    return parts;
  }

  /**
   * Python's {@code str.split(sep)} with a literal, non-empty separator: every piece is kept, empty
   * ones too.
   */
  public static List<String> split(String s, String sep) {
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int at = s.indexOf(sep); at >= 0; at = s.indexOf(sep, from)) {
      parts.add(s.substring(from, at));
      from = at + sep.length();
    }
    parts.add(s.substring(from));
    return parts;
  }

  /** Python's {@code len(s)}: the number of code points. */
  public static int length(String s) {
    return s.codePointCount(0, s.length());
  }

  /**
   * Python's {@code re.split(pattern, s)} for a pattern without groups: keeps empty leading and
   * trailing pieces.
   */
  public static List<String> reSplit(Pattern pattern, String s) {
    List<String> parts = new ArrayList<>();
    var m = pattern.matcher(s);
    int from = 0;
    while (m.find()) {
      if (m.end() == m.start() && m.start() == from && from != 0) {
        continue;
      }
      parts.add(s.substring(from, m.start()));
      from = m.end();
    }
    parts.add(s.substring(from));
    return parts;
  }
}
