package ai.spar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.bench.MiniatureBench;
import ai.spar.bench.MiniatureBenchReport;
import ai.spar.bench.MiniatureBenchSettings;
import ai.spar.miniature.MiniatureEvaluator;
import ai.spar.testing.Fixtures;
import ai.spar.trainer.Objective;
import ai.spar.trainer.TrainConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The miniature benchmark end to end on a tiny configuration (wiring, not accuracy): data, base
 * SFT, measurement, two iterations per arm on local Spark with DPO and refiner SFT, the JSON.
 */
class MiniatureBenchTest {

  @Test
  void tinyExperimentWritesEveryStageOfEveryArm(@TempDir Path dir) throws Exception {
    Path root = Fixtures.projectRoot();
    Path data = dir.resolve("data");
    int code =
        Spar.commandLine()
            .execute(
                "miniature",
                "data",
                "--out",
                data.toString(),
                "--sft",
                "8",
                "--train",
                "3",
                "--eval",
                "2",
                "--judge-prompt",
                root.resolve("conf/prompts/miniature-judge.txt").toString(),
                "--refine-prompt",
                root.resolve("conf/prompts/miniature-refine.txt").toString());
    assertThat(code).isZero();

    MiniatureBenchSettings settings =
        new MiniatureBenchSettings(
            8,
            2,
            2,
            3,
            2,
            1,
            true,
            1,
            true,
            List.of(1e-4),
            new MiniatureEvaluator.Settings(1, 0.7, 8, 8, 8, 1),
            Map.of(
                "prompts.judge", root.resolve("conf/prompts/miniature-judge.txt").toString(),
                "prompts.refine", root.resolve("conf/prompts/miniature-refine.txt").toString(),
                "actor.samples", "3",
                "actor.max_new_tokens", "8",
                "judge.max_new_tokens", "8",
                "refine.max_new_tokens", "8",
                "search.max_depth", "1",
                "search.node_budget", "2"));
    TrainConfig quickSft =
        TrainConfig.defaults(Objective.SFT)
            .with(Map.of("learningRate", 1e-3, "batchSize", 8, "maxLength", 512, "device", "cpu"));
    TrainConfig dpo =
        TrainConfig.defaults(Objective.DPO)
            .with(Map.of("learningRate", 1e-4, "batchSize", 2, "maxLength", 512, "device", "cpu"));
    MiniatureBench bench =
        new MiniatureBench(
            settings,
            dir.resolve("work"),
            root.resolve("conf/miniature/spar.yaml"),
            dpo,
            quickSft,
            Optional.of(quickSft.with(Map.of("epochs", 1))));
    SparkSession spark =
        SparkSession.builder()
            .master("local[1]")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "1")
            .getOrCreate();
    MiniatureBench.Result result;
    try {
      result = bench.run(Optional.of(data), Optional.empty(), spark);
    } finally {
      spark.stop();
    }

    JsonNode json = new ObjectMapper().valueToTree(MiniatureBenchReport.toJson(result, true));
    assertThat(json.fieldNames())
        .toIterable()
        .contains(
            "stages",
            "arms",
            "controls",
            "comparisons",
            "dpo_learning_rate_sweep",
            "sizes",
            "seeds",
            "seconds");
    JsonNode arms = json.get("arms");
    assertThat(arms).hasSize(4);
    List<String> names = new ArrayList<>();
    arms.forEach(a -> names.add(a.get("arm").asText()));
    assertThat(names)
        .containsExactly("refined-llm", "independent-llm", "refined-rules", "independent-rules");
    assertThat(json.get("stages")).isEqualTo(arms.get(0).get("stages"));
    for (JsonNode arm : arms) {
      JsonNode stages = arm.get("stages");
      // the independent arms run one iteration (--independent-iterations 1)
      boolean refined = arm.get("arm").asText().startsWith("refined");
      assertThat(stages).hasSize(refined ? 3 : 2);
      assertThat(stages.get(0)).isEqualTo(json.get("stages").get(0)); // one SFT model for all
      assertThat(stages.get(1).get("stage").asText()).isEqualTo("iter1");
      if (refined) {
        assertThat(stages.get(2).get("stage").asText()).isEqualTo("iter2");
      }
      for (JsonNode s : stages) {
        assertThat(s.fieldNames())
            .toIterable()
            .contains(
                "actor_prompt_strict",
                "actor_instruction_strict",
                "dev_prompt_strict",
                "judge_accuracy",
                "refine_success",
                "pairs");
        assertThat(s.get("test_prompts").asInt()).isEqualTo(2);
        // the per-prompt pass vector behind every paired comparison
        assertThat(s.get("test_passed").asText()).matches("[01]{2}");
        assertThat(s.get("judged_responses").asInt()).isEqualTo(4);
        if (!s.get("stage").asText().equals("sft")) {
          assertThat(s.get("actor_samples").asInt()).isEqualTo(3 * 3);
          assertThat(s.get("root_precision").asDouble()).isBetween(0.0, 1.0);
          assertThat(s.get("judge_false_alarm_rate").asDouble()).isBetween(0.0, 1.0);
          assertThat(s.get("pairs_confirmed_by_checkers").asDouble()).isBetween(0.0, 1.0);
          assertThat(s.fieldNames()).toIterable().contains("pairs_similarity_mean");
        }
      }
    }
    // at equal pair count: an independent arm never trains on more pairs than its refined arm
    for (int a = 0; a < 4; a += 2) {
      assertThat(arms.get(a + 1).get("stages").get(1).get("pairs").asLong())
          .isLessThanOrEqualTo(arms.get(a).get("stages").get(1).get("pairs").asLong());
    }
    assertThat(json.get("controls")).hasSize(1);
    assertThat(json.get("controls").get(0).get("arm").asText()).isEqualTo("no_iterative-llm");
    assertThat(json.get("comparisons").get("last_vs_sft/refined-llm").get("seeds").asInt())
        .isEqualTo(1);
    assertThat(json.get("comparisons").fieldNames())
        .toIterable()
        .contains("refined_vs_independent/llm", "refined_vs_independent/rules");
    // the base model was trained from the 32-row mixture, and every arm starts from it
    assertThat(Files.isDirectory(dir.resolve("work/base/final"))).isTrue();
    // iteration 1 ran once per judge, shared by both arms (same models, same seeds); iterations
    // draw fresh, disjoint instructions
    assertThat(Files.isDirectory(dir.resolve("work/seed-0/refined-llm/data/iteration=0/samples")))
        .isTrue();
    assertThat(Files.exists(dir.resolve("work/seed-0/independent-llm/data/iteration=0"))).isFalse();
    assertThat(Files.isDirectory(dir.resolve("work/seed-0/independent-llm/pairs/iteration=0")))
        .isTrue();
    List<String> first = Files.readAllLines(dir.resolve("work/input/iteration-1.jsonl"));
    List<String> second = Files.readAllLines(dir.resolve("work/input/iteration-2.jsonl"));
    assertThat(first).hasSize(3);
    assertThat(second).hasSize(3).doesNotContainAnyElementsOf(first);
    assertThat(json.get("seeds").get("data").asLong()).isZero();

    ByteArrayOutputStream table = new ByteArrayOutputStream();
    MiniatureBenchReport.print(new PrintStream(table, true, StandardCharsets.UTF_8), result);
    assertThat(table.toString(StandardCharsets.UTF_8))
        .contains("refined-llm", "independent-rules", "no_iterative-llm", "iter2", "last_vs_sft");
  }

  @Test
  void helpNamesTheQuickVariant() {
    CommandLine cli = Spar.commandLine();
    String usage =
        cli.getSubcommands().get("bench").getSubcommands().get("miniature").getUsageMessage();
    assertThat(usage).contains("--quick", "--out", "--base-model");
  }
}
