package ai.spar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.miniature.ShippedModel;
import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MiniatureCommandsTest {

  private static int run(StringWriter err, String... args) {
    CommandLine cli = Spar.commandLine();
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void modelCopiesTheShippedModelKeepsAnEqualCopyAndReplacesAnother(@TempDir Path dir)
      throws Exception {
    Path shipped =
        Fixtures.projectRoot().resolve("spar-miniature/src/main/resources/ai/spar/miniature/model");
    Path out = dir.resolve("miniature");
    StringWriter err = new StringWriter();
    assertThat(run(err, "miniature", "model", "--out", out.toString())).as(err.toString()).isZero();
    for (String name : ShippedModel.FILES) {
      assertThat(out.resolve(name)).hasSameBinaryContentAs(shipped.resolve(name));
    }
    // an equal copy is kept as it is
    Path marker = Files.writeString(out.resolve("kept"), "");
    assertThat(run(err, "miniature", "model", "--out", out.toString())).isZero();
    assertThat(marker).exists();
    // a copy of another model (an older build's) is replaced
    Files.write(out.resolve("model.safetensors"), new byte[] {1, 2, 3});
    assertThat(run(err, "miniature", "model", "--out", out.toString())).isZero();
    assertThat(out.resolve("model.safetensors"))
        .hasSameBinaryContentAs(shipped.resolve("model.safetensors"));
    assertThat(out.resolve("kept")).doesNotExist();
  }

  @Test
  void dataThenPresetInit(@TempDir Path dir) throws Exception {
    Path prompts = Fixtures.projectRoot().resolve("conf/prompts");
    Path data = dir.resolve("data");
    StringWriter err = new StringWriter();
    int code =
        run(
            err,
            "miniature",
            "data",
            "--out",
            data.toString(),
            "--sft",
            "20",
            "--train",
            "6",
            "--eval",
            "4",
            "--seed",
            "2",
            "--judge-prompt",
            prompts.resolve("judge.txt").toString(),
            "--refine-prompt",
            prompts.resolve("refine.txt").toString());
    assertThat(code).as(err.toString()).isZero();
    assertThat(data.resolve("sft/part-00000.parquet")).isRegularFile();
    assertThat(Files.readAllLines(data.resolve("train.jsonl"))).hasSize(6);
    assertThat(Files.readAllLines(data.resolve("eval.jsonl"))).hasSize(4);
    assertThat(data.resolve("model-init/config.json")).isRegularFile();

    Path model = dir.resolve("model");
    assertThat(
            run(
                err,
                "model",
                "init",
                "--preset",
                "miniature",
                "--tokenizer",
                data.resolve("tokenizer").toString(),
                "--out",
                model.toString()))
        .as(err.toString())
        .isZero();
    JsonNode config = new ObjectMapper().readTree(model.resolve("config.json").toFile());
    assertThat(config.path("hidden_size").asInt()).isEqualTo(256);
    assertThat(config.path("num_hidden_layers").asInt()).isEqualTo(4);
    assertThat(config.path("num_key_value_heads").asInt()).isEqualTo(2);
    assertThat(config.path("intermediate_size").asInt()).isEqualTo(704);
    assertThat(config.path("max_position_embeddings").asInt()).isEqualTo(512);
  }

  @Test
  void presetRejectsSizeOptionsAndPlainInitNeedsThem(@TempDir Path dir) {
    StringWriter err = new StringWriter();
    String tokenizer = Fixtures.tinyLlama().toString();
    assertThat(
            run(
                err,
                "model",
                "init",
                "--preset",
                "miniature",
                "--hidden",
                "64",
                "--tokenizer",
                tokenizer,
                "--out",
                dir.resolve("a").toString()))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("--preset miniature fixes the dimensions; drop the size options");
    err = new StringWriter();
    assertThat(
            run(
                err,
                "model",
                "init",
                "--tokenizer",
                tokenizer,
                "--out",
                dir.resolve("b").toString()))
        .isEqualTo(2);
    assertThat(err.toString()).contains("Missing required option: '--hidden' (or use --preset)");
  }
}
