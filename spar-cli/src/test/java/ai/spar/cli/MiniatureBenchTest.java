package ai.spar.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
  void tinyBenchmarkWritesEveryStageOfBothArms(@TempDir Path dir) throws Exception {
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
            3,
            2,
            new MiniatureEvaluator.Settings(1, 0.7, 8, 8, 8, 1),
            Map.of(
                "prompts.judge", root.resolve("conf/prompts/miniature-judge.txt").toString(),
                "prompts.refine", root.resolve("conf/prompts/miniature-refine.txt").toString(),
                "judge.mode", "rules",
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

    JsonNode json = new ObjectMapper().valueToTree(BenchMiniatureCommand.toJson(result, true));
    assertThat(json.fieldNames())
        .toIterable()
        .contains("stages", "ablation_independent_pairs", "seeds", "seconds");
    for (JsonNode stages :
        new JsonNode[] {json.get("stages"), json.get("ablation_independent_pairs").get("stages")}) {
      assertThat(stages).hasSize(3);
      assertThat(stages.get(0).get("stage").asText()).isEqualTo("sft");
      assertThat(stages.get(1).get("stage").asText()).isEqualTo("iter1");
      assertThat(stages.get(2).get("stage").asText()).isEqualTo("iter2");
      for (JsonNode s : stages) {
        assertThat(s.fieldNames())
            .toIterable()
            .contains(
                "actor_prompt_strict",
                "actor_instruction_strict",
                "judge_accuracy",
                "refine_success",
                "pairs");
        assertThat(s.get("judge_accuracy").asDouble()).isBetween(0.0, 1.0);
        if (!s.get("stage").asText().equals("sft")) {
          assertThat(s.get("pairs_confirmed_by_checkers").asDouble()).isBetween(0.0, 1.0);
        }
        assertThat(s.get("eval_prompts").asInt()).isEqualTo(2);
        assertThat(s.get("judged_responses").asInt()).isEqualTo(4);
      }
    }
    // the base model was trained from the 32-row mixture, and both arms start from it
    assertThat(Files.isDirectory(dir.resolve("work/base/final"))).isTrue();
    assertThat(json.get("stages").get(0))
        .isEqualTo(json.get("ablation_independent_pairs").get("stages").get(0));
    // iteration 1 ran once, shared by both arms (same models, same seeds)
    assertThat(Files.isDirectory(dir.resolve("work/refined/data/iteration=0/samples"))).isTrue();
    assertThat(Files.exists(dir.resolve("work/independent/data/iteration=0"))).isFalse();
    assertThat(Files.isDirectory(dir.resolve("work/independent/pairs/iteration=0"))).isTrue();
    assertThat(json.get("seeds").get("data").asLong()).isZero();

    ByteArrayOutputStream table = new ByteArrayOutputStream();
    BenchMiniatureCommand.print(new PrintStream(table, true, StandardCharsets.UTF_8), result);
    assertThat(table.toString(StandardCharsets.UTF_8))
        .contains("refinement", "independent", "iter2");
  }

  @Test
  void helpNamesTheQuickVariant() {
    CommandLine cli = Spar.commandLine();
    String usage =
        cli.getSubcommands().get("bench").getSubcommands().get("miniature").getUsageMessage();
    assertThat(usage).contains("--quick", "--out", "--base-model");
  }
}
