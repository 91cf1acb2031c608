package ai.spar.ifeval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.testing.ScriptedLanguageModel;
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
  void generateAndScoreAsksOnceForEveryPromptAndScoresTheStrippedAnswers() {
    IfevalPrompt lowercase =
        new IfevalPrompt(
            3,
            "Answer in lowercase.",
            new VerifiableInstructions(
                List.of("change_case:english_lowercase"), List.of(Map.of())));
    ScriptedLanguageModel model =
        new ScriptedLanguageModel("scripted")
            .on(p -> p.equals(COMMA.prompt()), (m, i, seed) -> "<think>well, hm</think>Hi there")
            .on(p -> p.equals(TITLE_AND_COMMA.prompt()), (m, i, seed) -> "<<Title>> a, b")
            .failOn(p -> p.equals(lowercase.prompt()));
    IfevalScorer scorer = new IfevalScorer(List.of(COMMA, TITLE_AND_COMMA, lowercase));
    SamplingParams sampling = SamplingParams.greedy(32);

    IfevalScorer.Scoring s = scorer.generateAndScore(model, sampling, 5);

    assertThat(model.callCount()).isEqualTo(1);
    assertThat(model.calls().get(0)).hasSize(3).allMatch(r -> r.sampling().equals(sampling));
    assertThat(model.calls().get(0).get(0).prompt()).isEqualTo(Prompt.user(COMMA.prompt()));
    assertThat(s.scored()).hasSize(3);
    assertThat(s.scored().get(0).fields())
        .containsEntry("key", 1L)
        .containsEntry("response", "<think>well, hm</think>Hi there")
        .containsEntry("model", "scripted")
        .containsEntry("weights_hash", "hash-scripted")
        .doesNotContainKey("generation_error");
    assertThat(s.scored().get(0).strictFollowAll()).isTrue();
    assertThat(s.scored().get(1).strict())
        .extracting(CheckResult::passed)
        .containsExactly(true, false);
    assertThat(s.scored().get(2).fields())
        .containsEntry("response", "")
        .containsEntry("generation_error", "scripted failure for: Answer in lowercase.");
    assertThat(s.report().promptStrict()).isEqualTo(1.0 / 3);
    assertThat(s.report().unmatched()).isEmpty();

    model.reset();
    assertThat(scorer.generateAndScore(model, sampling, 1).scored()).hasSize(1);
    assertThat(model.calls().get(0)).hasSize(1);
  }

  @Test
  void generateAndScoreRejectsSeveralSamplesPerPrompt() {
    IfevalScorer scorer = new IfevalScorer(List.of(COMMA));
    ScriptedLanguageModel model = new ScriptedLanguageModel("scripted");
    assertThatThrownBy(() -> scorer.generateAndScore(model, SamplingParams.greedy(8).withN(2), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sampling must ask for n = 1");
    assertThatThrownBy(() -> scorer.generateAndScore(model, SamplingParams.greedy(8), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be >= 1, but was: 0");
  }

  @Test
  void stripsReasoningBlocks() {
    assertThat(IfevalScorer.stripReasoning("<think>a</think>\n\nAnswer")).isEqualTo("Answer");
    assertThat(IfevalScorer.stripReasoning("reasoning without opener</think> Answer"))
        .isEqualTo("Answer");
    assertThat(IfevalScorer.stripReasoning("  plain answer")).isEqualTo("  plain answer");
  }
}
