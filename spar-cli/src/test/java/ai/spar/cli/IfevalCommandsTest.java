package ai.spar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class IfevalCommandsTest {

  private static int run(StringWriter out, String... args) {
    CommandLine cli = Spar.commandLine();
    cli.setOut(new PrintWriter(out));
    return cli.execute(args);
  }

  @Test
  void synthThenScoreRoundTrip(@TempDir Path dir) throws Exception {
    Path synth = dir.resolve("synth.jsonl");
    StringWriter out = new StringWriter();
    assertThat(
            run(
                out,
                "instructions",
                "synth",
                "--n",
                "5",
                "--seed",
                "3",
                "--constraints",
                "1..2",
                "--out",
                synth.toString()))
        .isZero();
    List<String> rows = Files.readAllLines(synth);
    assertThat(rows).hasSize(5);
    ObjectMapper json = new ObjectMapper();
    Map<String, Object> first =
        json.readValue(rows.get(0), new com.fasterxml.jackson.core.type.TypeReference<>() {});
    assertThat(first.keySet()).containsExactly("id", "prompt", "instruction_id_list", "kwargs");
    assertThat((List<?>) first.get("instruction_id_list")).hasSizeBetween(1, 2);

    Path responses = dir.resolve("responses.jsonl");
    Files.writeString(
        responses,
        "{\"key\": 1001, \"response\": \"No commas here at all\"}\n"
            + "{\"key\": 1, \"response\": \"nothing\"}\n");
    Path scores = dir.resolve("scores.jsonl");
    out = new StringWriter();
    int code =
        run(
            out,
            "eval",
            "ifeval",
            "--responses",
            responses.toString(),
            "--output",
            scores.toString());
    assertThat(code).as(out.toString()).isEqualTo(2);
    assertThat(out.toString())
        .contains("prompt-level")
        .contains("1 response rows matched no prompt");
    assertThat(Files.readAllLines(scores)).hasSize(1);
    assertThat(Files.exists(dir.resolve("scores.summary.json"))).isTrue();
  }

  @Test
  void duplicatedKeysAreRefusedOrWithDedupeFirstScoredOnce(@TempDir Path dir) throws Exception {
    Path responses = dir.resolve("dup.jsonl");
    Files.writeString(
        responses,
        "{\"key\": 1001, \"response\": \"No commas here at all\"}\n"
            + "{\"key\": 1005, \"response\": \"text\"}\n"
            + "\n"
            + "{\"key\": 1001, \"response\": \"a, b\"}\n");
    Path scores = dir.resolve("scores.jsonl");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = Spar.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code =
        cli.execute(
            "eval", "ifeval", "--responses", responses.toString(), "--output", scores.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains(responses + ": key 1001 appears twice, at lines 1 and 4")
        .contains("--dedupe first");
    assertThat(Files.exists(scores)).isFalse();

    out = new StringWriter();
    code =
        run(
            out,
            "eval",
            "ifeval",
            "--responses",
            responses.toString(),
            "--output",
            scores.toString(),
            "--dedupe",
            "first");
    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("duplicate: " + responses + ": key 1001 appears twice, at lines 1 and 4");
    List<String> scored = Files.readAllLines(scores);
    assertThat(scored).hasSize(2);
    assertThat(scored.get(0)).contains("No commas here at all");
  }

  @Test
  void responsesThatAreNotUtf8AreRefusedNamingTheLine(@TempDir Path dir) throws Exception {
    Path responses = dir.resolve("latin1.jsonl");
    Files.write(
        responses,
        "{\"key\": 1001, \"response\": \"caf\u00e9\"}\n"
            .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    StringWriter err = new StringWriter();
    CommandLine cli = Spar.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    assertThat(cli.execute("eval", "ifeval", "--responses", responses.toString())).isEqualTo(1);
    assertThat(err.toString())
        .contains(responses + ":1: bytes are not valid UTF-8: malformed byte 0xE9");
  }
}
