package ai.spar.loop;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.llm.Completion;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.ModelInfo;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.ScoringRequest;
import ai.spar.llm.SequenceScore;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.loop.LoopState.IterationRecord;
import ai.spar.spark.ModelKey;
import ai.spar.spark.ModelLoader;
import ai.spar.spark.RuleTestModel;
import ai.spar.testing.Fixtures;
import ai.spar.testing.SparkSessionExtension;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two SPaR iterations end to end: generation on local Spark (a rule-playing test model, so that
 * pairs exist), DPO and SFT on the real tiny-llama checkpoint, evaluation, gate; then a re-run
 * after deleting the last step's marker redoes only that step. And the gate's rejection path: an
 * actor that got worse on the dev set is not promoted.
 */
@ExtendWith(SparkSessionExtension.class)
class IterationLoopTest {
  SparkSession spark;
  @TempDir Path dir;

  private Path model;
  private Map<String, String> overrides;
  private SparConfig config;
  private TrainConfig dpo;
  private TrainConfig sft;

  @BeforeEach
  void files() throws IOException {
    model = copy(Fixtures.tinyLlama(), dir.resolve("m0"));
    Path input = dir.resolve("in.jsonl");
    Files.write(
        input,
        List.of(
            "{\"id\": \"a1\", \"prompt\": \"Write about cats.\"}",
            "{\"id\": \"a2\", \"prompt\": \"An easy one.\"}",
            "{\"id\": \"a3\", \"prompt\": \"Write about dogs.\"}",
            "{\"id\": \"a4\", \"prompt\": \"\"}"));
    Path gateSet = dir.resolve("dev.jsonl");
    Files.write(
        gateSet,
        List.of(
            "{\"key\": 7, \"prompt\": \"Say hi in lowercase.\", \"instruction_id_list\":"
                + " [\"change_case:english_lowercase\"], \"kwargs\": [{}]}"));
    overrides = SmallLoop.overrides(dir, model, input, 2);
    overrides.put("loop.gate_input", gateSet.toString());
    config = SparConfigLoader.parse("", "test", overrides);
    dpo = SmallLoop.dpo();
    sft = SmallLoop.sft();
  }

  @Test
  void twoIterationsTrainPromoteAndResumeAtTheFirstMissingStep() throws IOException {
    RuleTestModel.Controls models = new RuleTestModel.Controls();
    IterationLoop loop = new IterationLoop(config, () -> spark, models.loader(), dpo, sft);

    assertThat(loop.run(Optional.empty(), 2)).isEqualTo(IterationLoop.PROMOTED);

    LoopState state = loop.state();
    assertThat(state.iterations()).extracting(IterationRecord::iteration).containsExactly(0, 1);
    IterationRecord first = state.iteration(0).orElseThrow();
    IterationRecord second = state.iteration(1).orElseThrow();
    assertThat(first.complete()).isTrue();
    assertThat(second.complete()).isTrue();
    assertThat(first.actor()).isEqualTo(model.toString());
    String actor1 = first.trainedActor();
    String refiner1 = first.trainedRefiner();
    assertThat(second.actor()).isEqualTo(actor1);
    assertThat(second.refiner()).isEqualTo(refiner1);
    GateDecision gate = first.steps().gate().outputs();
    assertThat(gate.decision()).isEqualTo(GateDecision.Decision.PROMOTE);
    assertThat(gate.metric()).isEqualTo("ifeval_average_dev");
    // the loop reports the test set and gates on the disjoint dev set
    IfevalScores metrics = first.steps().evaluate().outputs().metrics();
    assertThat(metrics.responses()).isEqualTo(2);
    assertThat(metrics.dev().responses()).isEqualTo(1);
    assertThat(gate.candidate()).isEqualTo(metrics.dev().average());
    assertThat(second.baseline()).isEqualTo(metrics);
    // the state file keeps the names the report reads
    String json = Files.readString(loop.stateFile());
    assertThat(json)
        .contains(
            "\"train_actor\" : {",
            "\"train_refiner\" : {",
            "\"decision\" : \"promote\"",
            "\"generated_tokens\"",
            "\"last_metrics\"",
            "\"prompt_strict\"");

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
    String actor2 = second.trainedActor();
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
    state.put(second.withSteps(second.steps().without(Step.GATE)));
    state.write(loop.stateFile());
    LoopState before = loop.state();
    models.actorCalls.set(0);
    assertThat(loop.run(Optional.empty(), 1)).isEqualTo(IterationLoop.PROMOTED);
    LoopState after = loop.state();
    assertThat(models.actorCalls.get()).isZero();
    assertThat(after.iteration(1).orElseThrow().done(Step.GATE)).isTrue();
    for (int t = 0; t < 2; t++) {
      assertThat(after.iteration(t).orElseThrow().steps().without(Step.GATE))
          .as("iteration %s's generate, train and evaluate steps", t)
          .isEqualTo(before.iteration(t).orElseThrow().steps().without(Step.GATE));
    }
  }

  @Test
  void anIterationWhoseDevAverageDropsIsNotPromotedAndTheNextStartsFromThePreviousActor()
      throws IOException {
    Path noCommas = dir.resolve("dev-no-commas.jsonl");
    Files.write(
        noCommas,
        List.of(
            "{\"key\": 8, \"prompt\": \"Say hi without commas.\", \"instruction_id_list\":"
                + " [\"punctuation:no_comma\"], \"kwargs\": [{}]}"));
    Map<String, String> strict = new LinkedHashMap<>(overrides);
    strict.put("loop.gate_input", noCommas.toString());
    strict.put("loop.gate_tolerance", "0.05");
    IterationLoop loop =
        new IterationLoop(
            SparConfigLoader.parse("", "test", strict),
            () -> spark,
            new WorseAfterTraining(),
            dpo,
            sft);

    assertThat(loop.run(Optional.empty(), 2)).isEqualTo(IterationLoop.REJECTED);

    // The run stops at the rejected iteration, and the state says why.
    LoopState state = loop.state();
    assertThat(state.iterations()).extracting(IterationRecord::iteration).containsExactly(0);
    IterationRecord rejected = state.iteration(0).orElseThrow();
    assertThat(rejected.complete()).isTrue();
    assertThat(rejected.trainedActor()).isNotEqualTo(model.toString());
    GateDecision gate = rejected.steps().gate().outputs();
    assertThat(gate.decision()).isEqualTo(GateDecision.Decision.REJECT);
    assertThat(gate.previous()).isEqualTo(1.0);
    assertThat(gate.candidate()).isEqualTo(0.0);
    assertThat(gate.reason())
        .isEqualTo("ifeval_average_dev 0.0000 fell below 1.0000 - tolerance 0.0500");
    assertThat(Files.readString(loop.stateFile()))
        .contains(
            "\"decision\" : \"reject\"",
            "\"reason\" : \"ifeval_average_dev 0.0000 fell below 1.0000 - tolerance 0.0500\"");

    // The next run continues with iteration 1 from M_0 and R_0, measured against M_0's scores.
    assertThat(loop.run(Optional.empty(), 1)).isEqualTo(IterationLoop.REJECTED);
    IterationRecord next = loop.state().iteration(1).orElseThrow();
    assertThat(next.actor()).isEqualTo(model.toString());
    assertThat(next.refiner()).isEqualTo(model.toString());
    assertThat(next.baseline()).isEqualTo(rejected.baseline());
    assertThat(next.steps().gate().outputs().previous()).isEqualTo(1.0);
  }

  /**
   * The rule model, except that every actor the loop trains writes a comma after each word: it
   * fails the dev set's no-comma instruction that the starting model passes.
   */
  record WorseAfterTraining() implements ModelLoader {
    @Override
    public LanguageModel load(ModelKey key) {
      LanguageModel rules = new RuleTestModel.Loader().load(key);
      if (!key.uri().contains("/train/actor-")) {
        return rules;
      }
      return new LanguageModel() {
        @Override
        public List<GenerationResult> generate(List<GenerationRequest> requests) {
          return rules.generate(requests).stream()
              .map(
                  r ->
                      GenerationResult.ok(
                          r.completions().stream()
                              .map(
                                  c ->
                                      new Completion(
                                          c.text().replace(" ", ", "),
                                          c.tokenIds(),
                                          c.finishReason(),
                                          c.logProb()))
                              .toList(),
                          r.promptTokens()))
              .toList();
        }

        @Override
        public List<SequenceScore> score(List<ScoringRequest> requests) {
          return rules.score(requests);
        }

        @Override
        public ModelInfo info() {
          return rules.info();
        }

        @Override
        public void close() {}
      };
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
