package ai.spar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The commands that open a model: {@code answer}, {@code eval ifeval --model} and {@code bench
 * search}, through the real runtime on the tiny-llama fixture (or the bundled demo tokenizer), and
 * the shared {@code --model}/{@code --precision} handling.
 */
class ModelCommandsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a run printed and returned. */
  record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cli = Spar.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String tiny() {
    return Fixtures.tinyLlama().toString();
  }

  /**
   * A configuration with short prompts (so the refine chat fits tiny-llama's 512 positions) and
   * small sampling limits.
   */
  private static Path smallConfig(Path dir, String judgeMode) throws Exception {
    Path judge = dir.resolve("judge.txt");
    Files.writeString(
        judge,
        "Instruction: {instruction}\nResponse: {response}\nEnd with Final Judgement: Yes/No.");
    Path refine = dir.resolve("refine.txt");
    Files.writeString(refine, "Fix it between [[start]] and [[end]].");
    Path config = dir.resolve("spar.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "seed: 5",
            "actor: {samples: 2, max_new_tokens: 8}",
            "judge: {mode: " + judgeMode + ", votes: 3, max_new_tokens: 8}",
            "refine: {max_new_tokens: 8, format_attempts: 2}",
            "prompts: {judge: '" + judge + "', refine: '" + refine + "'}",
            ""));
    return config;
  }

  @Test
  void answerWritesOneLinePerRowAndReportsBadRows(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("prompts.jsonl");
    Files.writeString(
        input,
        String.join(
            "\n",
            "{\"id\": \"a\", \"prompt\": \"Say hi.\", \"extra\": 1}",
            "{\"key\": 7, \"prompt\": \"List two colors.\"}",
            "",
            "{\"id\": \"c\"}",
            "not json",
            ""));
    Path output = dir.resolve("out/answers.jsonl");

    Run r =
        run(
            "answer",
            "--model",
            tiny(),
            "--input",
            input.toString(),
            "--output",
            output.toString(),
            "--max-new-tokens",
            "6",
            "--device",
            "cpu");

    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.out())
        .contains("answered 2 of 4 rows")
        .contains("failed: row 4: field 'prompt' is missing")
        .contains("failed: row 5: not valid JSON");
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(4);
    JsonNode a = JSON.readTree(lines.get(0));
    assertThat(a.get("row").asInt()).isEqualTo(1);
    assertThat(a.get("id").asText()).isEqualTo("a");
    assertThat(a.has("extra")).isFalse();
    assertThat(a.get("prompt").asText()).isEqualTo("Say hi.");
    assertThat(a.get("response").isTextual()).isTrue();
    assertThat(a.get("completion_tokens").asInt()).isBetween(1, 6);
    assertThat(a.get("model").asText()).isEqualTo("tiny-llama");
    assertThat(a.get("weights_hash").asText()).matches("[0-9a-f]{64}");
    JsonNode b = JSON.readTree(lines.get(1));
    assertThat(b.get("key").asInt()).isEqualTo(7);
    assertThat(b.has("id")).isFalse();
    JsonNode c = JSON.readTree(lines.get(2));
    assertThat(c.get("row").asInt()).isEqualTo(4);
    assertThat(c.get("id").asText()).isEqualTo("c");
    assertThat(c.get("error").asText()).isEqualTo("row 4: field 'prompt' is missing");
    assertThat(c.has("response")).isFalse();
    assertThat(JSON.readTree(lines.get(3)).get("row").asInt()).isEqualTo(5);

    // greedy answers are reproducible
    Path again = dir.resolve("again.jsonl");
    run(
        "answer",
        "--model",
        tiny(),
        "--input",
        input.toString(),
        "--output",
        again.toString(),
        "--max-new-tokens",
        "6",
        "--device",
        "cpu");
    assertThat(Files.readAllLines(again)).isEqualTo(lines);
  }

  @Test
  void answerWithTreeSearchRecordsHowEachAnswerWasFound(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("prompts.jsonl");
    Files.writeString(
        input,
        "{\"id\": \"nc\", \"prompt\": \"Write about rain in capitals.\","
            + " \"instruction_id_list\": [\"change_case:english_capital\"], \"kwargs\": [{}]}\n"
            + "{\"id\": \"bad\", \"prompt\": \"x\", \"instruction_id_list\": [\"nope:x\"]}\n");
    Path output = dir.resolve("answers.jsonl");

    Run r =
        run(
            "answer",
            "--model",
            tiny(),
            "--input",
            input.toString(),
            "--output",
            output.toString(),
            "--tree-search",
            "--config",
            smallConfig(dir, "rules").toString(),
            "--max-new-tokens",
            "8",
            "--device",
            "cpu");

    assertThat(r.code()).as(r.err()).isEqualTo(2);
    assertThat(r.out())
        .contains("answered 1 of 2 rows with tree search")
        .contains(
            "failed: row 2: field 'instruction_id_list'[0] / 'kwargs'[0]: unknown instruction id"
                + " 'nope:x'");
    List<String> lines = Files.readAllLines(output);
    JsonNode nc = JSON.readTree(lines.get(0));
    // random text is not all capitals: the rule judge fails it, a tree is searched, and random
    // refinements never carry [[start]], so the root is the fallback
    assertThat(nc.get("source").asText()).isEqualTo("FALLBACK");
    assertThat(nc.get("judge_value").asDouble()).isZero();
    assertThat(nc.get("depth").asInt()).isZero();
    assertThat(nc.get("tree_nodes").asInt()).isZero();
  }

  @Test
  void answerRejectsAnUnsupportedPrecision(@TempDir Path dir) throws Exception {
    Path input = dir.resolve("p.jsonl");
    Files.writeString(input, "{\"prompt\": \"hi\"}\n");
    Run r =
        run(
            "answer",
            "--model",
            tiny(),
            "--input",
            input.toString(),
            "--output",
            dir.resolve("o.jsonl").toString(),
            "--precision",
            "bf16");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--precision must be auto, f32 or f16, but was: bf16");
  }

  @Test
  void modelCommandsNeedAModelDirectory(@TempDir Path dir) {
    Run r = run("model", "logits", "--ids", "1,2");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("Missing required option: '--model=DIR'");
    Run missing = run("model", "logits", "--ids", "1,2", "--model", dir.resolve("none").toString());
    assertThat(missing.err()).contains("--model must be a model directory, but was: ");
  }

  @Test
  void modelConvertWritesTheCheckpointInTheAskedDtype(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("f16");
    Run r = run("model", "convert", "--model", tiny(), "--out", out.toString(), "--dtype", "f16");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("wrote " + out).contains(", f16, 1 shard(s)");
    assertThat(JSON.readTree(out.resolve("config.json").toFile()).get("torch_dtype").asText())
        .isEqualTo("float16");
    Run bad = run("model", "convert", "--model", tiny(), "--out", out.toString(), "--dtype", "f8");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("unsupported tensor dtype 'f8'");
  }

  @Test
  void evalIfevalGeneratesWithTheModelAndScores(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("scores.jsonl");
    Run r =
        run(
            "eval",
            "ifeval",
            "--model",
            tiny(),
            "--n-prompts",
            "2",
            "--max-new-tokens",
            "6",
            "--device",
            "cpu",
            "--output",
            output.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("generating 2 IFEval answers with tiny-llama (greedy")
        .contains("prompt-level");
    List<String> lines = Files.readAllLines(output);
    assertThat(lines).hasSize(2);
    JsonNode first = JSON.readTree(lines.get(0));
    assertThat(first.get("key").asLong()).isEqualTo(1000);
    assertThat(first.get("model").asText()).isEqualTo("tiny-llama");
    assertThat(first.has("strict_follow_all_instructions")).isTrue();
    JsonNode summary = JSON.readTree(dir.resolve("scores.summary.json").toFile());
    assertThat(summary.get("prompt_level_strict_accuracy").isNumber()).isTrue();
  }

  @Test
  void evalIfevalWithTreeSearchCarriesTheSearchFields(@TempDir Path dir) throws Exception {
    Path prompts = dir.resolve("ifeval.jsonl");
    Files.writeString(
        prompts,
        "{\"key\": 1, \"prompt\": \"Say hi in capitals.\", \"instruction_id_list\":"
            + " [\"change_case:english_capital\"], \"kwargs\": [{}]}\n");
    Path output = dir.resolve("tree.jsonl");
    Run r =
        run(
            "eval",
            "ifeval",
            "--model",
            tiny(),
            "--input-data",
            prompts.toString(),
            "--tree-search",
            "--config",
            smallConfig(dir, "llm").toString(),
            "--max-new-tokens",
            "6",
            "--device",
            "cpu",
            "--output",
            output.toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("tree search bfs, judge llm, 3 votes");
    JsonNode row = JSON.readTree(Files.readAllLines(output).get(0));
    // a random model's judgments do not parse: undecided, so the actor's answer stands
    assertThat(row.get("source").asText()).isEqualTo("ACTOR");
    assertThat(row.get("tree_nodes").asInt()).isZero();
    assertThat(row.get("strict_follow_instruction_list")).hasSize(1);
  }

  @Test
  void evalIfevalNeedsEitherResponsesOrAModel(@TempDir Path dir) {
    Run neither = run("eval", "ifeval");
    assertThat(neither.code()).isEqualTo(2);
    assertThat(neither.err())
        .contains(
            "give either --responses FILE (score existing responses) or --model DIR (generate"
                + " them), not both");
    Run both =
        run("eval", "ifeval", "--model", tiny(), "--responses", dir.resolve("r.jsonl").toString());
    assertThat(both.code()).isEqualTo(2);
    Run treeWithoutModel =
        run("eval", "ifeval", "--responses", dir.resolve("r.jsonl").toString(), "--tree-search");
    assertThat(treeWithoutModel.err())
        .contains("--tree-search and --n-prompts need --model, not --responses");
  }

  @Test
  void benchSearchRunsBothPoliciesOnTheDemoModel(@TempDir Path dir) throws Exception {
    Run r =
        run(
            "bench",
            "search",
            "--instructions",
            "2",
            "--samples",
            "1",
            "--votes",
            "1",
            "--max-new-tokens",
            "4",
            "--demo-hidden",
            "32",
            "--judge",
            "rules_veto",
            "--device",
            "cpu",
            "--config",
            smallConfig(dir, "llm").toString());

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("demo model: random weights (seed 0), hidden 32, 2 layers")
        .contains("2 instructions; K=1 actor samples")
        .contains("judge rules_veto");
    List<String> rows =
        r.out().lines().filter(l -> l.startsWith("bfs ") || l.startsWith("dfs ")).toList();
    assertThat(rows).hasSize(2);
  }

  @Test
  void benchSearchRejectsAnEmptyBatch(@TempDir Path dir) throws Exception {
    Run r =
        run(
            "bench",
            "search",
            "--instructions",
            "0",
            "--config",
            smallConfig(dir, "llm").toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--instructions: count must be >= 1, but was: 0");
  }

  @Test
  void initWritesARandomGlmCheckpointInItsOwnLayoutThatTheRuntimeRuns(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("glm");
    Run r =
        run(
            "model",
            "init",
            "--arch",
            "glm",
            "--hidden",
            "32",
            "--layers",
            "2",
            "--heads",
            "4",
            "--kv-heads",
            "2",
            "--intermediate",
            "48",
            "--tokenizer",
            Fixtures.tinyGlm().toString(),
            "--out",
            out.toString());
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode config = JSON.readTree(out.resolve("config.json").toFile());
    assertThat(config.get("architectures").get(0).asText()).isEqualTo("GlmForCausalLM");
    assertThat(config.get("model_type").asText()).isEqualTo("glm");
    assertThat(config.get("head_dim").asInt()).isEqualTo(8);
    assertThat(config.get("partial_rotary_factor").asDouble()).isEqualTo(0.5);
    assertThat(config.get("attention_bias").asBoolean()).isTrue();
    assertThat(config.has("bos_token_id")).isFalse();
    assertThat(config.get("eos_token_id").toString()).isEqualTo("[442,446,448]");
    try (ai.spar.llm.weights.SafetensorsCheckpoint weights =
        ai.spar.llm.weights.SafetensorsCheckpoint.open(out)) {
      assertThat(weights.tensors().keySet())
          .contains(
              "model.layers.0.mlp.gate_up_proj.weight", "model.layers.0.self_attn.q_proj.bias")
          .doesNotContain("model.layers.0.mlp.gate_proj.weight");
    }
    Run logits = run("model", "logits", "--model", out.toString(), "--ids", "443,444,10");
    assertThat(logits.code()).as(logits.err()).isZero();
  }
}
