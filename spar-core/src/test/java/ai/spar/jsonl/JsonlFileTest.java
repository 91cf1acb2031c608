package ai.spar.jsonl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonlFileTest {
  @TempDir Path dir;

  @Test
  void linesBreakAtLfOnlySoRowNumbersAreLineNumbers() throws Exception {
    Path file = dir.resolve("in.jsonl");
    Files.writeString(
        file, "{\"a\": \"x\ry\"}\r\n\n{\"b\": 2}\n{\"c\": 3}", StandardCharsets.UTF_8);
    var lines = JsonlFile.read(file);
    assertThat(lines)
        .containsExactly(
            new JsonlFile.Line(1, "{\"a\": \"x\ry\"}"),
            new JsonlFile.Line(2, ""),
            new JsonlFile.Line(3, "{\"b\": 2}"),
            new JsonlFile.Line(4, "{\"c\": 3}"));
    assertThat(lines.get(1).isBlank()).isTrue();
  }

  @Test
  void bytesThatAreNotUtf8AreAnErrorNamingFileLineAndEncoding() throws Exception {
    Path file = dir.resolve("latin1.jsonl");
    byte[] good = "{\"prompt\": \"ok\"}\n".getBytes(StandardCharsets.UTF_8);
    byte[] bad = "{\"prompt\": \"caf\u00e9\"}\n".getBytes(StandardCharsets.ISO_8859_1);
    byte[] all = new byte[good.length + bad.length];
    System.arraycopy(good, 0, all, 0, good.length);
    System.arraycopy(bad, 0, all, good.length, bad.length);
    Files.write(file, all);
    assertThatThrownBy(() -> JsonlFile.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            file
                + ":2: bytes are not valid UTF-8: malformed byte 0xE9 at byte 16 of the line; the"
                + " file must be UTF-8 encoded (convert it, e.g. iconv -f latin1 -t utf-8)");
  }
}
