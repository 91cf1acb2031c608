package ai.spar.ifeval.text;

/**
 * Whether a string parses with Python's {@code json.loads} (the C scanner, strict mode): any
 * top-level value, {@code NaN}/{@code Infinity}/{@code -Infinity} allowed, whitespace limited to
 * space, tab, CR and LF, no trailing data, no raw control characters inside strings. The reference
 * IFEval's {@code detectable_format:json_format} uses exactly this test.
 */
public final class JsonSyntax {
  private static final int MAX_DEPTH = 1000;

  private final String s;
  private int pos;

  private JsonSyntax(String s) {
    this.s = s;
  }

  /** True if {@code text} is one JSON document as Python's {@code json.loads} accepts it. */
  public static boolean isValid(String text) {
    JsonSyntax p = new JsonSyntax(text);
    try {
      p.skipWhitespace();
      p.value(0);
      p.skipWhitespace();
      return p.pos == text.length();
    } catch (IllegalStateException e) {
      return false;
    }
  }

  private void skipWhitespace() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
        return;
      }
      pos++;
    }
  }

  private IllegalStateException fail() {
    return new IllegalStateException("invalid JSON at " + pos);
  }

  private char peek() {
    if (pos >= s.length()) {
      throw fail();
    }
    return s.charAt(pos);
  }

  private void value(int depth) {
    if (depth > MAX_DEPTH) {
      throw fail();
    }
    char c = peek();
    switch (c) {
      case '{' -> object(depth);
      case '[' -> array(depth);
      case '"' -> string();
      default -> {
        if (literal("null") || literal("true") || literal("false") || literal("NaN")) {
          return;
        }
        if (literal("Infinity") || literal("-Infinity")) {
          return;
        }
        number();
      }
    }
  }

  private boolean literal(String word) {
    if (s.startsWith(word, pos)) {
      pos += word.length();
      return true;
    }
    return false;
  }

  private void object(int depth) {
    pos++;
    skipWhitespace();
    if (peek() == '}') {
      pos++;
      return;
    }
    while (true) {
      if (peek() != '"') {
        throw fail();
      }
      string();
      skipWhitespace();
      if (peek() != ':') {
        throw fail();
      }
      pos++;
      skipWhitespace();
      value(depth + 1);
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == '}') {
        return;
      }
      if (c != ',') {
        throw fail();
      }
      skipWhitespace();
    }
  }

  private void array(int depth) {
    pos++;
    skipWhitespace();
    if (peek() == ']') {
      pos++;
      return;
    }
    while (true) {
      value(depth + 1);
      skipWhitespace();
      char c = peek();
      pos++;
      if (c == ']') {
        return;
      }
      if (c != ',') {
        throw fail();
      }
      skipWhitespace();
    }
  }

  private void string() {
    pos++;
    while (true) {
      char c = peek();
      pos++;
      if (c == '"') {
        return;
      }
      if (c < 0x20) {
        throw fail();
      }
      if (c == '\\') {
        char e = peek();
        pos++;
        if (e == 'u') {
          for (int i = 0; i < 4; i++) {
            if (Character.digit(peek(), 16) < 0 || peek() > 'f') {
              throw fail();
            }
            pos++;
          }
        } else if ("\"\\/bfnrt".indexOf(e) < 0) {
          throw fail();
        }
      }
    }
  }

  private void number() {
    int start = pos;
    if (pos < s.length() && s.charAt(pos) == '-') {
      pos++;
    }
    if (pos < s.length() && s.charAt(pos) == '0') {
      pos++;
    } else if (pos < s.length() && s.charAt(pos) >= '1' && s.charAt(pos) <= '9') {
      digits();
    } else {
      pos = start;
      throw fail();
    }
    if (pos + 1 < s.length() && s.charAt(pos) == '.' && isDigit(s.charAt(pos + 1))) {
      pos++;
      digits();
    }
    if (pos < s.length() && (s.charAt(pos) == 'e' || s.charAt(pos) == 'E')) {
      int mark = pos;
      pos++;
      if (pos < s.length() && (s.charAt(pos) == '+' || s.charAt(pos) == '-')) {
        pos++;
      }
      if (pos < s.length() && isDigit(s.charAt(pos))) {
        digits();
      } else {
        pos = mark;
      }
    }
  }

  private void digits() {
    while (pos < s.length() && isDigit(s.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
