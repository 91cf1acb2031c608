package ai.spar.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparReportTest {
  @TempDir Path dir;

  @Test
  void aLoopWithoutDataOrMetricsYetGivesNotesInsteadOfFailing() throws IOException {
    Files.writeString(
        dir.resolve("iterations.json"),
        """
        {"version": 1, "iterations": [{"iteration": 0, "actor": "m0", "refiner": "m0",
          "steps": {"train_actor": {"millis": 1, "outputs": {"checkpoint": "%s/train/actor-1/final"}},
                    "train_refiner": {"millis": 1, "outputs": {"skipped": "no refiner examples"}}}}]}
        """
            .formatted(dir));

    ObjectNode report = SparReport.data(ReportInputs.ofLoop(dir), new Configuration());

    JsonNode sections = report.path("sections");
    assertThat(sections.path("actor_pairs").path("note").asText())
        .isEqualTo("no generation output yet: the loop has not finished a generate step");
    JsonNode runs = sections.path("training").path("runs");
    assertThat(runs.path(0).path("note").asText())
        .isEqualTo(
            "no per-step metrics: " + dir + "/train/actor-1/metrics.jsonl is missing or empty");
    assertThat(runs.path(1).path("note").asText()).isEqualTo("skipped: no refiner examples");
    assertThat(sections.path("evaluation").path("note").asText())
        .isEqualTo("the loop has not evaluated yet: no evaluate step");
  }

  @Test
  void theHtmlInlinesEchartsAndDataThatCannotCloseItsScript() throws IOException {
    Files.writeString(dir.resolve("iterations.json"), "{\"version\": 1, \"iterations\": []}");
    Path out = dir.resolve("sub/report.html");

    String written = SparReport.write(ReportInputs.ofLoop(dir), out.toString());

    assertThat(written).isEqualTo(out.toString());
    String html = Files.readString(out, StandardCharsets.UTF_8);
    assertThat(html).contains("echarts").doesNotContain("src=\"http").doesNotContain("{{");
    assertThat(HtmlReport.inlineScript("{\"a\": \"</script><!--\"}"))
        .isEqualTo("{\"a\": \"<\\/script><\\!--\"}");
    assertThat(html.length()).isGreaterThan(1_000_000); // echarts.min.js is about 1 MB
  }

  @Test
  void missingInputsAreNamed() {
    assertThatThrownBy(
            () ->
                SparReport.data(
                    ReportInputs.ofData(dir.resolve("nothing").toString()), new Configuration()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--data " + dir.resolve("nothing") + ": no such file or directory");
    assertThatThrownBy(
            () -> SparReport.data(ReportInputs.ofData(dir.toString()), new Configuration()))
        .hasMessage(
            "--data "
                + dir
                + ": holds no published iteration (expected _run.json or iteration=N/_run.json)");
    assertThatThrownBy(() -> SparReport.data(ReportInputs.ofLoop(dir), new Configuration()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "--loop " + dir + ": cannot read " + dir.resolve("iterations.json"));
    assertThatThrownBy(() -> new ReportInputs(Optional.empty(), Optional.empty()))
        .hasMessage(
            "a report needs --data (a job output) or --loop (a loop root), but neither was given");
  }

  @Test
  void wordDiffMarksOnlyTheChangedWords() {
    assertThat(
            WordDiff.of(
                "the blue candle cooks in the kitchen.", "the blue candle flies in the farm."))
        .containsExactly(
            new WordDiff.Segment("=", "the blue candle"),
            new WordDiff.Segment("+", "flies"),
            new WordDiff.Segment("-", "cooks"),
            new WordDiff.Segment("=", "in the"),
            new WordDiff.Segment("+", "farm."),
            new WordDiff.Segment("-", "kitchen."));
    assertThat(WordDiff.of("", "new")).containsExactly(new WordDiff.Segment("+", "new"));
  }

  @Test
  void histogramsCountEveryValueOnce() {
    Histogram h = Histogram.ofRange(List.of(0.0, 0.05, 0.5, 1.0), 0, 1, 10);
    assertThat(h.counts()).containsExactly(2L, 0L, 0L, 0L, 0L, 1L, 0L, 0L, 0L, 1L);
    assertThat(h.labels().get(0)).isEqualTo("0-0.1");
    assertThat(Histogram.ofDistinct(List.of(1, 1, 3), 0).counts()).containsExactly(0L, 2L, 0L, 1L);
  }
}
