package ai.spar.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.loop.LoopState.IterationRecord;
import ai.spar.spark.RuleTestModel;
import ai.spar.testing.Fixtures;
import ai.spar.testing.SparkSessionExtension;
import ai.spar.trainer.Objective;
import ai.spar.trainer.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two SPaR iterations end to end: generation on local Spark (a rule-playing test model, so that
 * pairs exist), DPO and SFT on the real tiny-llama checkpoint, evaluation, gate; then a re-run
 * after deleting the last step's marker redoes only that step.
 */
@ExtendWith(SparkSessionExtension.class)
class IterationLoopTest {
  SparkSession spark;
  @TempDir Path dir;

  @Test
  void twoIterationsTrainPromoteAndResumeAtTheFirstMissingStep() throws IOException {
    Path model = copy(Fixtures.tinyLlama(), dir.resolve("m0"));
    Path input = dir.resolve("in.jsonl");
    Files.write(
        input,
        List.of(
            "{\"id\": \"a1\", \"prompt\": \"Write about cats.\"}",
            "{\"id\": \"a2\", \"prompt\": \"An easy one.\"}",
            "{\"id\": \"a3\", \"prompt\": \"Write about dogs.\"}",
            "{\"id\": \"a4\", \"prompt\": \"\"}"));
    Path eval = dir.resolve("eval.jsonl");
    Files.write(
        eval,
        List.of(
            "{\"key\": 1, \"prompt\": \"Answer in lowercase.\", \"instruction_id_list\":"
                + " [\"change_case:english_lowercase\"], \"kwargs\": [{}]}",
            "{\"key\": 2, \"prompt\": \"An easy one, no commas.\", \"instruction_id_list\":"
                + " [\"punctuation:no_comma\"], \"kwargs\": [{}]}"));
    Path gateSet = dir.resolve("dev.jsonl");
    Files.write(
        gateSet,
        List.of(
            "{\"key\": 7, \"prompt\": \"Say hi in lowercase.\", \"instruction_id_list\":"
                + " [\"change_case:english_lowercase\"], \"kwargs\": [{}]}"));
    // Short prompts: the refine chat of the default prompts exceeds tiny-llama's 512 positions.
    Path judge = dir.resolve("judge.txt");
    Files.writeString(
        judge,
        "Instruction:\n{instruction}\n\nResponse:\n{response}\nList each requirement and end with"
            + " Final Judgement: Yes or No.");
    Path refine = dir.resolve("refine.txt");
    Files.writeString(refine, "Improve it between [[start]] and [[end]].");
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("prompts.judge", judge.toString());
    overrides.put("prompts.refine", refine.toString());
    overrides.put("model.actor", model.toString());
    overrides.put("job.input", input.toString());
    overrides.put("job.batch_size", "2");
    overrides.put("actor.samples", "2");
    overrides.put("judge.votes", "3");
    overrides.put("loop.root", dir.resolve("loop").toString());
    overrides.put("loop.iterations", "2");
    overrides.put("loop.eval_input", eval.toString());
    overrides.put("loop.eval_max_new_tokens", "8");
    overrides.put("loop.gate_input", gateSet.toString());
    SparConfig config = SparConfigLoader.parse("", "test", overrides);
    Map<String, Object> small =
        Map.of(
            "learningRate", 1e-3, "batchSize", 2, "maxLength", 128, "epochs", 1, "device", "cpu");
    TrainConfig dpo = TrainConfig.defaults(Objective.DPO).with(small);
    // The refiner's prompts (judge prompt + critique) are long: give SFT the model's whole context.
    TrainConfig sft =
        TrainConfig.defaults(Objective.SFT).with(small).with(Map.of("maxLength", 512));
    RuleTestModel.Controls models = new RuleTestModel.Controls();
    IterationLoop loop = new IterationLoop(config, () -> spark, models.loader(), dpo, sft);

    assertThat(loop.run(Optional.empty(), 2)).isEqualTo(IterationLoop.PROMOTED);

    LoopState state = LoopState.read(loop.stateFile());
    assertThat(state.iterations()).extracting(IterationRecord::iteration).containsExactly(0, 1);
    IterationRecord first = state.iteration(0).orElseThrow();
    IterationRecord second = state.iteration(1).orElseThrow();
    assertThat(first.complete()).isTrue();
    assertThat(second.complete()).isTrue();
    assertThat(first.actor()).isEqualTo(model.toString());
    String actor1 = (String) first.steps().get("train_actor").outputs().get("checkpoint");
    String refiner1 = (String) first.steps().get("train_refiner").outputs().get("checkpoint");
    assertThat(second.actor()).isEqualTo(actor1);
    assertThat(second.refiner()).isEqualTo(refiner1);
    assertThat(first.steps().get("gate").outputs())
        .containsEntry("decision", "promote")
        .containsEntry("metric", "ifeval_average_dev");
    // the loop reports the test set and gates on the disjoint dev set
    @SuppressWarnings("unchecked")
    Map<String, Object> metrics =
        (Map<String, Object>) first.steps().get("evaluate").outputs().get("metrics");
    assertThat(metrics).containsEntry("responses", 2);
    @SuppressWarnings("unchecked")
    Map<String, Object> dev = (Map<String, Object>) metrics.get("dev");
    assertThat(dev).containsEntry("responses", 1);
    assertThat(first.steps().get("gate").outputs().get("candidate")).isEqualTo(dev.get("average"));
    assertThat(second.baseline()).isEqualTo(first.steps().get("evaluate").outputs().get("metrics"));

    // Both iterations' tables exist; the actor's weights changed and every checkpoint loads and
    // generates.
    for (int t = 0; t < 2; t++) {
      Path data = dir.resolve("loop/data/iteration=" + t);
      assertThat(data.resolve("actor_pairs")).isDirectory();
      assertThat(data.resolve("_run.json")).isRegularFile();
      assertThat(spark.read().parquet(data.resolve("outcomes").toString()).count()).isEqualTo(4);
      assertThat(spark.read().parquet(data.resolve("actor_pairs").toString()).count()).isEqualTo(2);
    }
    assertThat(Files.readAllBytes(Path.of(actor1).resolve("model.safetensors")))
        .isNotEqualTo(Files.readAllBytes(model.resolve("model.safetensors")));
    String actor2 = (String) second.steps().get("train_actor").outputs().get("checkpoint");
    for (String checkpoint : List.of(actor1, refiner1, actor2)) {
      try (DjlLlamaModel loaded = DjlLlamaModel.load(Path.of(checkpoint), RuntimeOptions.cpu())) {
        assertThat(
                loaded
                    .generate(
                        List.of(new GenerationRequest(Prompt.user("hi"), SamplingParams.greedy(2))))
                    .get(0)
                    .isOk())
            .isTrue();
      }
    }

    // Delete the last step's marker: a re-run redoes exactly that step.
    second.steps().remove("gate");
    state.put(second);
    state.write(loop.stateFile());
    LoopState before = LoopState.read(loop.stateFile());
    models.actorCalls.set(0);
    assertThat(loop.run(Optional.empty(), 1)).isEqualTo(IterationLoop.PROMOTED);
    LoopState after = LoopState.read(loop.stateFile());
    assertThat(models.actorCalls.get()).isZero();
    assertThat(after.iteration(1).orElseThrow().steps()).containsKey("gate");
    for (int t = 0; t < 2; t++) {
      for (String step : List.of("generate", "train_actor", "train_refiner", "evaluate")) {
        assertThat(after.iteration(t).orElseThrow().steps().get(step))
            .as("iteration %s step %s", t, step)
            .isEqualTo(before.iteration(t).orElseThrow().steps().get(step));
      }
    }
  }

  private static Path copy(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path file : files.toList()) {
        Files.copy(file, to.resolve(file.getFileName()));
      }
    }
    return to;
  }
}
