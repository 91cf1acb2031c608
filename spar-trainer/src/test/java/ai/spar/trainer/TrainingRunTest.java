package ai.spar.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.chat.ChatMessage;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.llm.llama.RuntimeOptions;
import ai.spar.testing.Fixtures;
import ai.spar.trainer.checkpoint.CheckpointStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest {
  private static final String[] WORDS = {
    "red", "blue", "cat", "dog", "sun", "moon", "tree", "fish", "bird", "rock"
  };

  @TempDir Path dir;

  /** Pairs drawn the same way: the chosen answer starts with "yes", the rejected one with "no". */
  private static List<String[]> pairs(long seed, int n) {
    Random rng = new Random(seed);
    List<String[]> pairs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String words = WORDS[rng.nextInt(WORDS.length)] + " " + WORDS[rng.nextInt(WORDS.length)];
      pairs.add(new String[] {"say " + words, "yes " + words, "no " + words});
    }
    return pairs;
  }

  private static TrainConfig config() {
    return TinyTraining.config(
        Objective.DPO, Map.of("epochs", 3, "batchSize", 4, "saveSteps", 4, "seed", 11));
  }

  private static double preference(Path model, List<String[]> raw) {
    return TinyTraining.preference(Fixtures.tinyLlama(), model, raw);
  }

  @Test
  void dpoRaisesTheMarginOnTrainingAndHeldOutPairsAndTheCheckpointGenerates() throws Exception {
    List<String[]> train = pairs(1, 16);
    List<String[]> heldOut = pairs(2, 8);
    Path data = TestTables.writeStringPairs(dir.resolve("pairs.parquet"), train);
    Path out = dir.resolve("out");
    TrainingResult result =
        TrainingRun.dpo(
            Fixtures.tinyLlama(),
            Optional.empty(),
            List.of(data.toString()),
            out,
            config(),
            Integer.MAX_VALUE);

    assertThat(result.steps()).isEqualTo(12).isEqualTo(result.totalSteps());
    Path trained = result.finalModel().orElseThrow();
    double trainBefore = preference(Fixtures.tinyLlama(), train);
    double heldBefore = preference(Fixtures.tinyLlama(), heldOut);
    double trainAfter = preference(trained, train);
    double heldAfter = preference(trained, heldOut);
    assertThat(trainAfter).isGreaterThan(trainBefore + 1.0);
    assertThat(heldAfter).isGreaterThan(heldBefore + 1.0);
    assertThat(heldAfter).isPositive();
    assertThat((Double) result.lastMetrics().get("rewards/margins")).isPositive();
    assertThat((Double) result.lastMetrics().get("rewards/accuracies")).isGreaterThan(0.5);

    List<String> lines = Files.readAllLines(out.resolve(MetricsLog.FILE));
    assertThat(lines).hasSize(1 + 12);
    assertThat(lines.get(0)).contains("\"truncated\":0");
    assertThat(lines.get(1))
        .contains(
            "\"loss\"",
            "\"rewards/chosen\"",
            "\"rewards/rejected\"",
            "\"rewards/accuracies\"",
            "\"rewards/margins\"",
            "\"logps/chosen\"",
            "\"logps/rejected\"",
            "\"learning_rate\"",
            "\"grad_norm\"",
            "\"tokens/s\"");
    assertThat(trained.resolve("config.json")).exists();
    assertThat(trained.resolve("tokenizer_config.json")).exists();
    assertThat(trained.resolve("generation_config.json")).exists();
    assertThat(trained.resolve("trainer_state.json")).exists();
    try (DjlLlamaModel model = DjlLlamaModel.load(trained, RuntimeOptions.cpu())) {
      GenerationResult generated =
          model
              .generate(
                  List.of(
                      new GenerationRequest(
                          new Prompt.Chat(List.of(ChatMessage.user("say cat dog")), true),
                          SamplingParams.greedy(4))))
              .get(0);
      assertThat(generated.completions().get(0).tokenIds()).isNotEmpty();
    }
  }

  @Test
  void aResumedRunEndsWithTheSameWeightsAsAnUninterruptedOne() throws Exception {
    Path data = TestTables.writeStringPairs(dir.resolve("pairs.parquet"), pairs(3, 12));
    TrainConfig config = config().with(Map.of("gradAccum", 2, "batchSize", 2, "epochs", 2));
    Path whole = dir.resolve("whole");
    TrainingRun.dpo(
        Fixtures.tinyLlama(),
        Optional.empty(),
        List.of(data.toString()),
        whole,
        config,
        Integer.MAX_VALUE);

    Path killed = dir.resolve("killed");
    TrainingResult first =
        TrainingRun.dpo(
            Fixtures.tinyLlama(), Optional.empty(), List.of(data.toString()), killed, config, 5);
    assertThat(first.finalModel()).isEmpty();
    assertThat(killed.resolve("checkpoint-5/optimizer.safetensors")).exists();
    // A killed run logs steps past its last checkpoint; the resumed run must not repeat them.
    Files.writeString(
        killed.resolve(MetricsLog.FILE),
        "{\"step\":6,\"loss\":9.0}\n{\"step\":7,\"loss\":9.0}\n",
        java.nio.file.StandardOpenOption.APPEND);
    TrainingResult resumed =
        TrainingRun.dpo(
            Fixtures.tinyLlama(),
            Optional.empty(),
            List.of(data.toString()),
            killed,
            config,
            Integer.MAX_VALUE);
    assertThat(resumed.resumedFrom())
        .contains(killed.resolve("checkpoint-5").toAbsolutePath().normalize());
    assertThat(resumed.referenceCached()).isTrue();
    assertThat(Files.readAllBytes(killed.resolve("final/model.safetensors")))
        .isEqualTo(Files.readAllBytes(whole.resolve("final/model.safetensors")));
    List<Integer> steps =
        Files.readAllLines(killed.resolve(MetricsLog.FILE)).stream()
            .filter(l -> l.contains("\"step\":"))
            .map(l -> Integer.parseInt(l.replaceAll(".*\"step\":(\\d+).*", "$1")))
            .toList();
    List<Integer> expected = new ArrayList<>();
    for (int i = 1; i <= resumed.totalSteps(); i++) {
      expected.add(i);
    }
    assertThat(steps).isEqualTo(expected);
  }

  @Test
  void aFinishedModelIsReplacedOnlyWithOverwrite() throws Exception {
    Path data = TestTables.writeStringPairs(dir.resolve("pairs.parquet"), pairs(4, 4));
    Path out = dir.resolve("out");
    Path finished = Files.createDirectories(out.resolve("final"));
    Files.writeString(finished.resolve("model.safetensors"), "trained on other data");
    Files.writeString(out.resolve(MetricsLog.FILE), "{\"step\":1,\"loss\":1.0}\n");
    TrainConfig oneStep = config().with(Map.of("maxSteps", 1));

    assertThatThrownBy(
            () ->
                TrainingRun.dpo(
                    Fixtures.tinyLlama(),
                    Optional.empty(),
                    List.of(data.toString()),
                    out,
                    oneStep,
                    Integer.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(out.toAbsolutePath().normalize().resolve("final") + " already holds")
        .hasMessageContaining("pass --overwrite to replace it");
    assertThat(Files.readString(finished.resolve("model.safetensors")))
        .isEqualTo("trained on other data");
    assertThat(Files.readAllLines(out.resolve(MetricsLog.FILE))).hasSize(1);
    assertThat(out.resolve(TrainingRun.LEASE_FILE)).doesNotExist();

    TrainingResult replaced =
        TrainingRun.dpo(
            Fixtures.tinyLlama(),
            Optional.empty(),
            List.of(data.toString()),
            out,
            oneStep,
            Integer.MAX_VALUE,
            new OutputPolicy(true, false));
    assertThat(replaced.finalModel()).isPresent();
    assertThat(Files.size(finished.resolve("model.safetensors"))).isGreaterThan(1000);
    List<String> lines = Files.readAllLines(out.resolve(MetricsLog.FILE));
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).contains("\"event\":\"data\"");
  }

  @Test
  void twoTrainersNeverShareAnOutput() throws Exception {
    Path data = TestTables.writeStringPairs(dir.resolve("pairs.parquet"), pairs(4, 4));
    Path out = dir.resolve("out");
    try (ai.spar.lease.OutputLease other =
        ai.spar.lease.OutputLease.acquire(
            new ai.spar.lease.FileLeaseStore(out.resolve(TrainingRun.LEASE_FILE)),
            "train dpo into " + out,
            false)) {
      assertThatThrownBy(
              () ->
                  TrainingRun.dpo(
                      Fixtures.tinyLlama(),
                      Optional.empty(),
                      List.of(data.toString()),
                      out,
                      config(),
                      Integer.MAX_VALUE))
          .isInstanceOf(ai.spar.lease.LeaseHeldException.class)
          .hasMessageContaining("is held by run " + other.lease().runId())
          .hasMessageContaining("train dpo into " + out);
    }
    assertThat(out.resolve(MetricsLog.FILE)).doesNotExist();
  }

  @Test
  void degeneratePairsAreDroppedAndCountedAndAnAllDegenerateTableIsAnError() throws Exception {
    List<String[]> rows = new ArrayList<>(pairs(5, 4));
    rows.add(new String[] {"say red", "yes red", "yes red"});
    rows.add(new String[] {"say sun", "", "no sun"});
    rows.add(new String[] {"say dog", "yes dog", " "});
    Path data = TestTables.writeStringPairs(dir.resolve("pairs.parquet"), rows);
    Path out = dir.resolve("out");
    TrainingResult result =
        TrainingRun.dpo(
            Fixtures.tinyLlama(),
            Optional.empty(),
            List.of(data.toString()),
            out,
            config().with(Map.of("maxSteps", 1)),
            Integer.MAX_VALUE);
    assertThat(result.data().examples()).isEqualTo(4);
    assertThat(Files.readAllLines(out.resolve(MetricsLog.FILE)).get(0))
        .contains(
            "\"degenerate_dropped\":{\"chosen_equals_rejected\":1,\"empty_chosen\":1,"
                + "\"empty_rejected\":1}");

    Path bad =
        TestTables.writeStringPairs(
            dir.resolve("bad.parquet"),
            List.<String[]>of(
                new String[] {"say red", "yes red", "yes red"},
                new String[] {"say sun", "", "no"}));
    assertThatThrownBy(
            () ->
                TrainingRun.dpo(
                    Fixtures.tinyLlama(),
                    Optional.empty(),
                    List.of(bad.toString()),
                    dir.resolve("bad"),
                    config(),
                    Integer.MAX_VALUE))
        .isInstanceOf(ai.spar.trainer.data.TrainingDataException.class)
        .hasMessageContaining("no pair of [" + bad + "] is left to train on")
        .hasMessageContaining("all 2 were dropped as degenerate")
        .hasMessageContaining("chosen_equals_rejected=1");
  }

  @Test
  void sftExamplesWithAnEmptyCompletionAreDropped() {
    Path data =
        TestTables.writeSftExamples(
            dir.resolve("empty.parquet"), List.of("", "  "), "user", "say it");
    assertThatThrownBy(
            () ->
                TrainingRun.sft(
                    Fixtures.tinyLlama(),
                    List.of(data.toString()),
                    dir.resolve("sft"),
                    TrainConfig.defaults(Objective.SFT),
                    Integer.MAX_VALUE))
        .isInstanceOf(ai.spar.trainer.data.TrainingDataException.class)
        .hasMessageContaining("no SFT example of [" + data + "] is left to train on")
        .hasMessageContaining("{empty_completion=2}");
  }

  @Test
  void sftLowersTheLossOfItsExamples() {
    Random rng = new Random(5);
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      answers.add(
          "the " + WORDS[rng.nextInt(WORDS.length)] + " is " + WORDS[rng.nextInt(WORDS.length)]);
    }
    Path data =
        TestTables.writeSftExamples(
            dir.resolve("sft.parquet"),
            answers,
            "user",
            "judge this",
            "assistant",
            "it is fine",
            "user",
            "refine");
    TrainConfig config = TinyTraining.config(Objective.SFT, Map.of("epochs", 3, "batchSize", 4));
    TrainingResult result =
        TrainingRun.sft(
            Fixtures.tinyLlama(),
            List.of(data.toString()),
            dir.resolve("sft"),
            config,
            Integer.MAX_VALUE);
    double firstLoss = TinyTraining.firstLoss(dir.resolve("sft"));
    double lastLoss = (Double) result.lastMetrics().get("loss");
    assertThat(lastLoss).isLessThan(firstLoss * 0.8);
    assertThat(result.finalModel()).isPresent();
  }

  @Test
  void maxStepsCapsTheRunAndItsScheduleAndStillWritesTheFinalModel() {
    List<String> answers = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      answers.add("the " + WORDS[i % WORDS.length] + " is here");
    }
    Path data =
        TestTables.writeSftExamples(dir.resolve("capped.parquet"), answers, "user", "say it");
    TrainConfig config =
        TinyTraining.config(
            Objective.SFT,
            Map.of(
                "learningRate",
                1e-3,
                "epochs",
                3,
                "batchSize",
                4,
                "schedule",
                "linear",
                "warmupRatio",
                0.0,
                "maxSteps",
                4));
    TrainingResult result =
        TrainingRun.sft(
            Fixtures.tinyLlama(),
            List.of(data.toString()),
            dir.resolve("capped"),
            config,
            Integer.MAX_VALUE);
    // 12 examples in batches of 4: 3 steps per epoch, 9 uncapped; the cap leaves 4
    assertThat(result.totalSteps()).isEqualTo(4);
    assertThat(result.steps()).isEqualTo(4);
    assertThat(result.finalModel()).isPresent();
    // the linear schedule decays over the capped run: step 4 of 4 runs at a quarter of the peak
    assertThat((Double) result.lastMetrics().get("learning_rate")).isCloseTo(2.5e-4, within(1e-9));
    assertThatThrownBy(() -> config.with(Map.of("maxSteps", -1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxSteps must be >= 0, but was: -1");
  }

  @Test
  void aModelDirectoryWithoutWeightsIsAnErrorNamingIt() throws Exception {
    Path model = Files.createDirectories(dir.resolve("noweights"));
    for (String f :
        List.of(
            "config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json")) {
      Files.copy(Fixtures.tinyLlama().resolve(f), model.resolve(f));
    }
    Path data = TestTables.writeStringPairs(dir.resolve("pairs.parquet"), pairs(1, 2));
    assertThatThrownBy(
            () ->
                TrainingRun.dpo(
                    model,
                    Optional.empty(),
                    List.of(data.toString()),
                    dir.resolve("o"),
                    config(),
                    Integer.MAX_VALUE))
        .hasMessageContaining(model.toString());
  }

  @Test
  void aWrittenCheckpointReloadsWithIdenticalLogits() throws Exception {
    int[] ids = {442, 10, 20, 30, 40, 50};
    Path out = dir.resolve("ck");
    try (TrainableModel m = TrainableModel.load(Fixtures.tinyLlama(), "cpu")) {
      m.model().weights().parameters().values().forEach(p -> p.addi(p.mul(0.01f).sin()));
      float[] before;
      try (var step = m.manager().newSubManager()) {
        before =
            m.model()
                .forward(
                    step.create(
                        new long[] {442, 10, 20, 30, 40, 50}, new ai.djl.ndarray.types.Shape(1, 6)),
                    step.ones(
                        new ai.djl.ndarray.types.Shape(1, 6), ai.djl.ndarray.types.DataType.INT64))
                .toFloatArray();
      }
      new CheckpointStore(out, 1)
          .save(
              out.resolve("final"),
              m.config(),
              m.generation(),
              m.model().weights().toHost(),
              Fixtures.tinyLlama(),
              Map.of(),
              new ai.spar.trainer.checkpoint.TrainerState(
                  "DPO",
                  0,
                  0,
                  0,
                  "f",
                  "base-hash",
                  "",
                  TrainConfig.defaults(Objective.DPO).toJson()));
      try (DjlLlamaModel reloaded =
          DjlLlamaModel.load(out.resolve("final"), RuntimeOptions.cpu())) {
        float[][] after = reloaded.logits(ids);
        int vocab = after[0].length;
        for (int t = 0; t < ids.length; t++) {
          assertThat(after[t])
              .containsExactly(java.util.Arrays.copyOfRange(before, t * vocab, (t + 1) * vocab));
        }
      }
    }
  }
}
