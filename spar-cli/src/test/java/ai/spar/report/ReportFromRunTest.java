package ai.spar.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import ai.spar.cli.Spar;
import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.loop.IterationLoop;
import ai.spar.loop.SmallLoop;
import ai.spar.spark.RuleTestModel;
import ai.spar.testing.Fixtures;
import ai.spar.testing.SparkSessionExtension;
import ai.spar.trainer.TrainConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report of a real local run: one SPaR iteration (generation on local Spark with the
 * rule-playing test model, DPO and SFT on the tiny-llama checkpoint, IFEval, gate), then {@code
 * spar report}; its embedded JSON holds the run's numbers, a missing loop leaves notes, and
 * headless Chromium draws every chart without a console error.
 */
@ExtendWith(SparkSessionExtension.class)
class ReportFromRunTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static SparkSession spark;
  @TempDir static Path dir;
  static Path loopRoot;
  static Path data;

  @BeforeAll
  static void runOneIteration() throws IOException {
    Path model = copy(Fixtures.tinyLlama(), dir.resolve("m0"));
    Path input = dir.resolve("in.jsonl");
    Files.write(
        input,
        List.of(
            "{\"id\": \"a1\", \"prompt\": \"Write about cats.\"}",
            "{\"id\": \"a2\", \"prompt\": \"An easy one.\"}",
            "{\"id\": \"a3\", \"prompt\": \"Write a poem without commas.\", \"instruction_id_list\":"
                + " [\"punctuation:no_comma\"], \"kwargs\": [{}]}",
            "{\"id\": \"a4\", \"prompt\": \"\"}"));
    loopRoot = dir.resolve("loop");
    SparConfig config =
        SparConfigLoader.parse("", "test", SmallLoop.overrides(dir, model, input, 1));
    TrainConfig dpo = SmallLoop.dpo();
    TrainConfig sft = SmallLoop.sft();
    IterationLoop loop =
        new IterationLoop(config, () -> spark, new RuleTestModel.Loader(), dpo, sft);
    assertThat(loop.run(Optional.empty(), 1)).isEqualTo(IterationLoop.PROMOTED);
    data = loopRoot.resolve("data");
  }

  @Test
  void theReportOfALoopHoldsTheRunsNumbersInItsEmbeddedJson() throws IOException {
    Path html = dir.resolve("loop-report.html");
    report("--loop", loopRoot.toString(), "--out", html.toString());
    JsonNode sections = embedded(html).path("sections");

    String published = data.resolve("iteration=0").toString();
    JsonNode overview = sections.path("overview").path("runs").path(0);
    assertThat(overview.path("input_rows").asLong()).isEqualTo(4);
    assertThat(overview.path("model_calls").asLong()).isPositive();
    assertThat(overview.path("actor").path("id").asText()).isEqualTo("rule-test");
    assertThat(sections.path("outcomes").path("tables").path("outcomes").path(0).asLong())
        .isEqualTo(count(published, "outcomes"))
        .isEqualTo(4);
    for (String table : List.of("samples", "trees", "actor_pairs", "refiner_pairs")) {
      assertThat(sections.path("outcomes").path("tables").path(table).path(0).asLong())
          .as(table)
          .isEqualTo(count(published, table));
    }
    assertThat(sections.path("outcomes").path("counts").path("PAIR_FOUND").path(0).asLong())
        .isEqualTo(2);
    assertThat(sections.path("actor_pairs").path("total").asInt()).isEqualTo(2);
    assertThat(sections.path("actor_pairs").path("rows"))
        .allSatisfy(r -> assertThat(r.path("chosen").asText()).isEqualTo("good refined answer"));
    assertThat(sections.path("trees").path("trees").path(0).path("success").asBoolean()).isTrue();
    // a3's draft answers have no comma (the checker passes them) but the rule judge says No
    JsonNode noComma = sections.path("judge").path("per_constraint").path("punctuation:no_comma");
    assertThat(noComma.path("judge_fail_checker_pass").asLong()).isEqualTo(2);
    assertThat(noComma.path("agreement").asDouble()).isZero();

    // training: every step of the trainer's metrics.jsonl, with its loss
    JsonNode actor = sections.path("training").path("runs").path(0);
    assertThat(actor.path("role").asText()).isEqualTo("actor");
    assertThat(actor.path("objective").asText()).isEqualTo("DPO");
    List<JsonNode> steps = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of(actor.path("metrics_file").asText()))) {
      JsonNode record = JSON.readTree(line);
      if (record.has("step")) {
        steps.add(record);
      }
    }
    assertThat(actor.path("steps")).hasSize(steps.size()).isNotEmpty();
    JsonNode loss = actor.path("charts").path(0).path("series").path("loss");
    for (int i = 0; i < steps.size(); i++) {
      assertThat(loss.path(i).asDouble()).isEqualTo(steps.get(i).path("loss").asDouble());
    }
    assertThat(sections.path("training").path("runs").path(1).path("objective").asText())
        .isEqualTo("SFT");

    JsonNode state = JSON.readTree(loopRoot.resolve("iterations.json").toFile());
    JsonNode evaluation = sections.path("evaluation").path("iterations").path(0);
    assertThat(evaluation.path("candidate").path("prompt_strict").asDouble())
        .isEqualTo(
            state.at("/iterations/0/steps/evaluate/outputs/metrics/prompt_strict").asDouble());
    assertThat(evaluation.path("gate").path("decision").asText()).isEqualTo("promote");
    assertThat(evaluation.path("candidate_per_constraint").has("punctuation:no_comma")).isTrue();
  }

  @Test
  void withoutTheLoopTrainingAndEvaluationAreLeftOutWithANote() throws IOException {
    Path html = dir.resolve("data-report.html");
    report("--data", data.toString(), "--out", html.toString());
    JsonNode sections = embedded(html).path("sections");

    assertThat(sections.path("actor_pairs").path("total").asInt()).isEqualTo(2);
    for (String section : List.of("training", "evaluation")) {
      assertThat(sections.path(section).path("note").asText())
          .as(section)
          .startsWith("no loop state: pass --loop <loop root>");
    }
  }

  @Test
  void chromiumDrawsEveryChartWithoutConsoleErrorsAndListsEveryPair() throws Exception {
    Path html = dir.resolve("browser-report.html");
    report("--loop", loopRoot.toString(), "--out", html.toString());
    Path profile = Files.createDirectories(dir.resolve("chromium/profile"));
    HeadlessChromium chromium =
        HeadlessChromium.find(profile)
            .orElseGet(
                () ->
                    fail(
                        "this test needs Chromium: apt-get install -y chromium (.ci/run installs"
                            + " it), or set SPAR_CHROMIUM to a Chromium/Chrome binary"));

    HeadlessChromium.Page page = chromium.load(html);
    String dom = page.dom();
    int at = dom.indexOf("<pre id=\"spar-self-check\"");
    assertThat(at).as("the page's self-check ran").isNotNegative();
    String text = dom.substring(dom.indexOf('>', at) + 1, dom.indexOf("</pre>", at));
    JsonNode check = JSON.readTree(text.replace("&quot;", "\"").replace("&amp;", "&"));
    assertThat(page.consoleLines()).isEmpty();
    assertThat(check.path("errors")).isEmpty();
    assertThat(check.path("charts").asInt()).isGreaterThanOrEqualTo(15);
    assertThat(check.path("empty_charts")).isEmpty();
    assertThat(check.path("actor_pair_rows").asLong())
        .isEqualTo(count(data.toString(), "actor_pairs"));
    assertThat(check.path("refiner_pair_rows").asLong())
        .isEqualTo(count(data.toString(), "refiner_pairs"));

    Path png = Path.of("target", "report-screenshot.png").toAbsolutePath();
    Files.createDirectories(png.getParent());
    Files.deleteIfExists(png);
    chromium.screenshot(html, png, 1400, 2400);
    assertThat(png).isRegularFile();
    assertThat(Files.size(png)).isGreaterThan(20_000);
  }

  private static void report(String... args) {
    assertThat(
            Spar.commandLine()
                .execute(
                    Stream.concat(Stream.of("report"), Stream.of(args)).toArray(String[]::new)))
        .isZero();
  }

  /** The JSON of {@code <script type="application/json" id="spar-data">}. */
  static JsonNode embedded(Path html) throws IOException {
    String page = Files.readString(html, StandardCharsets.UTF_8);
    String open = "<script type=\"application/json\" id=\"spar-data\">";
    int start = page.indexOf(open) + open.length();
    return JSON.readTree(
        page.substring(start, page.indexOf("</script>", start)).replace("<\\/", "</"));
  }

  private static long count(String location, String table) {
    return spark
        .read()
        .option("basePath", location)
        .parquet(location + (location.endsWith("data") ? "/iteration=*/" : "/") + table)
        .count();
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return to;
  }
}
