package ai.spar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code spar generate} and {@code spar iterate} never run on a model nobody configured. */
class GenerateCommandTest {
  private static int run(StringWriter err, String... args) {
    CommandLine cli = Spar.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void generateWithoutAModelStopsNamingModelActorAndWritesNothing(@TempDir Path dir)
      throws Exception {
    Path input = dir.resolve("in.jsonl");
    Files.writeString(input, "{\"id\": \"a\", \"prompt\": \"Say hi.\"}\n");
    Path output = dir.resolve("out");
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "generate",
            "--config",
            "conf/spar.yaml",
            "--input",
            input.toString(),
            "--output",
            output.toString());
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("spar generate: error: model.actor is not set")
        .contains("--set model.actor=PATH")
        .contains("bin/spar demo");
    assertThat(output).doesNotExist();
  }

  @Test
  void iterateWithoutAModelStopsNamingModelActor(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    int code = run(err, "iterate", "--set", "loop.root=" + dir.resolve("loop"));
    assertThat(code).isEqualTo(1);
    assertThat(err.toString()).contains("spar iterate: error: model.actor is not set");
    assertThat(dir.resolve("loop")).doesNotExist();
  }
}
