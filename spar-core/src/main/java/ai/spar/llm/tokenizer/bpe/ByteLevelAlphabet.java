package ai.spar.llm.tokenizer.bpe;

import java.nio.charset.StandardCharsets;

/**
 * The byte-to-character table of byte-level BPE (GPT-2's {@code bytes_to_unicode}): printable bytes
 * map to themselves, the other 68 bytes to the characters from U+0100 on, in byte order. Every
 * string of UTF-8 bytes thus becomes a string of visible characters with no spaces, so merges can
 * be written as {@code "left right"}.
 */
public final class ByteLevelAlphabet {
  private static final char[] BYTE_TO_CHAR = table();

  private ByteLevelAlphabet() {}

  private static char[] table() {
    char[] table = new char[256];
    int next = 0;
    for (int b = 0; b < 256; b++) {
      boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE);
      table[b] = printable ? (char) b : (char) (256 + next++);
    }
    return table;
  }

  /** The character that stands for byte {@code b} (0..255). */
  public static char charOf(int b) {
    return BYTE_TO_CHAR[b & 0xFF];
  }

  /** The UTF-8 bytes of {@code text}, one character per byte. */
  public static String encode(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    StringBuilder out = new StringBuilder(bytes.length);
    for (byte b : bytes) {
      out.append(charOf(b));
    }
    return out.toString();
  }
}
