package ai.spar.ifeval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IfevalScorerTest {
  private static final IfevalPrompt COMMA =
      new IfevalPrompt(
          1,
          "Say hi without commas.",
          new VerifiableInstructions(List.of("punctuation:no_comma"), List.of(Map.of())));
  private static final IfevalPrompt TITLE_AND_COMMA =
      new IfevalPrompt(
          2,
          "Title it.",
          new VerifiableInstructions(
              List.of("detectable_format:title", "punctuation:no_comma"),
              List.of(Map.of(), Map.of())));

  private static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void scoresByKeyOrPromptStripsReasoningAndReportsUnmatchedRows(@TempDir Path dir)
      throws Exception {
    IfevalScorer scorer = new IfevalScorer(List.of(COMMA, TITLE_AND_COMMA));
    List<Map<String, Object>> rows =
        List.of(
            row("id", "a", "key", 1, "response", "<think>hmm, well, yes</think>\nHi there"),
            row("id", "b", "prompt", "Title it.", "response", "<<T>> one, two"),
            row("id", "c", "key", 99, "response", "orphan"));
    IfevalScorer.Scoring s = scorer.score(rows, "test");

    assertThat(s.scored()).hasSize(2);
    IfevalReport r = s.report();
    assertThat(r.promptStrict()).isEqualTo(0.5);
    assertThat(r.instructionStrict()).isEqualTo(2.0 / 3);
    assertThat(r.perGroup().get("punctuation")).isEqualTo(new IfevalReport.Tally(2, 1, 1));
    assertThat(r.perInstruction().get("detectable_format:title"))
        .isEqualTo(new IfevalReport.Tally(1, 1, 1));
    assertThat(r.unmatched())
        .containsExactly("test row 3: no prompt with key 99 or the given prompt text");
    assertThat(r.toTable()).contains("prompt-level").contains("1 response rows matched no prompt");

    Path out = dir.resolve("scores.jsonl");
    IfevalScorer.write(s, out);
    List<String> lines = Files.readAllLines(out);
    assertThat(lines).hasSize(2);
    JsonNode first = new ObjectMapper().readTree(lines.get(0));
    assertThat(first.get("id").asText()).isEqualTo("a");
    assertThat(first.get("key").asLong()).isEqualTo(1);
    assertThat(first.get("strict_follow_instruction_list").toString()).isEqualTo("[true]");
    assertThat(first.get("loose_follow_all_instructions").asBoolean()).isTrue();
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("scores.summary.json").toFile());
    assertThat(summary.get("prompt_level_strict_accuracy").asDouble()).isEqualTo(0.5);
    assertThat(summary.get("unmatched")).hasSize(1);
  }

  @Test
  void stripsReasoningBlocks() {
    assertThat(IfevalScorer.stripReasoning("<think>a</think>\n\nAnswer")).isEqualTo("Answer");
    assertThat(IfevalScorer.stripReasoning("reasoning without opener</think> Answer"))
        .isEqualTo("Answer");
    assertThat(IfevalScorer.stripReasoning("  plain answer")).isEqualTo("  plain answer");
  }
}
