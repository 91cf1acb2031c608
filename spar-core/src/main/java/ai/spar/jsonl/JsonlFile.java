package ai.spar.jsonl;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Reads a JSON Lines file into numbered lines (see the package documentation for the rules). */
public final class JsonlFile {
  private JsonlFile() {}

  /**
   * One line of the file.
   *
   * @param number 1-based line number
   * @param text the line without its LF (and without the CR of a CRLF)
   */
  public record Line(int number, String text) {
    public Line {
      Preconditions.checkArgument(number >= 1, "number must be >= 1, but was: %s", number);
      Preconditions.checkArgument(text != null, "text must not be null");
    }

    /** Whether the line holds only whitespace (such lines are not rows). */
    public boolean isBlank() {
      return text.isBlank();
    }
  }

  /**
   * Every line of the file, blank ones included.
   *
   * @throws IllegalArgumentException naming the file, line and byte when a line is not UTF-8
   * @throws UncheckedIOException when the file cannot be read
   */
  public static List<Line> read(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    List<Line> lines = new ArrayList<>();
    int start = 0;
    int number = 1;
    while (start < bytes.length) {
      int end = start;
      while (end < bytes.length && bytes[end] != '\n') {
        end++;
      }
      int length = end - start;
      if (length > 0 && bytes[end - 1] == '\r') {
        length--;
      }
      String text = decode(bytes, start, length, file + ":" + number);
      lines.add(new Line(number, text));
      start = end + 1;
      number++;
    }
    return lines;
  }

  /**
   * Decodes one line as UTF-8.
   *
   * @param where the file and line, for the message
   * @throws IllegalArgumentException naming {@code where}, the byte offset and value when the bytes
   *     are not UTF-8
   */
  public static String decode(byte[] bytes, int offset, int length, String where) {
    Optional<String> problem = utf8Problem(bytes, offset, length);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(where + ": " + problem.get());
    }
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }

  /**
   * Why the bytes are not UTF-8 ({@code bytes are not valid UTF-8: malformed byte 0xE9 at byte 6 of
   * the line; the file must be UTF-8 encoded}), or empty when they are.
   */
  public static Optional<String> utf8Problem(byte[] bytes, int offset, int length) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
    CharBuffer out = CharBuffer.allocate(Math.max(16, length));
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (!result.isError()) {
      return Optional.empty();
    }
    int at = in.position() - offset;
    return Optional.of(
        String.format(
            Locale.ROOT,
            "bytes are not valid UTF-8: %s byte 0x%02X at byte %d of the line; the file must be"
                + " UTF-8 encoded (convert it, e.g. iconv -f latin1 -t utf-8)",
            result.isMalformed() ? "malformed" : "unmappable",
            bytes[in.position()] & 0xff,
            at + 1));
  }
}
