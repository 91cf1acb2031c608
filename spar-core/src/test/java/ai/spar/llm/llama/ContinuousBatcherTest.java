package ai.spar.llm.llama;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.sampling.GreedySampler;
import ai.spar.llm.sampling.Sampler;
import ai.spar.testing.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ContinuousBatcherTest {
  /** Twenty end ids, so that some samples of the random tiny model end early. */
  private static final Set<Integer> EOS =
      IntStream.range(0, 20).boxed().collect(java.util.stream.Collectors.toSet());

  private static DjlLlamaModel model;

  @BeforeAll
  static void load() {
    model = DjlLlamaModel.load(Fixtures.tinyLlama(), RuntimeOptions.cpu());
  }

  @AfterAll
  static void close() {
    model.close();
  }

  /** Mixed prompt lengths (3..30), budgets (1..16 tokens), sample counts (1..4), end ids. */
  private static List<DecodeRequest> mixedRequests(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    Sampler sampler = Sampler.of(new SamplingParams(1.0, 0.95, 0, 24, 1, List.of(), 0));
    List<DecodeRequest> requests = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int[] prompt =
          IntStream.range(0, 3 + random.nextInt(28)).map(j -> 20 + random.nextInt(426)).toArray();
      requests.add(
          new DecodeRequest(
              prompt,
              1 + random.nextInt(4),
              0,
              1 + random.nextInt(16),
              sampler,
              1000 + i,
              EOS,
              DecodeRequest.StopCondition.NEVER));
    }
    return requests;
  }

  private static void assertSameSamples(
      List<List<DecodedSample>> actual, List<List<DecodedSample>> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("request %s", i).hasSameSizeAs(expected.get(i));
      for (int s = 0; s < expected.get(i).size(); s++) {
        DecodedSample a = actual.get(i).get(s);
        DecodedSample e = expected.get(i).get(s);
        assertThat(a.tokenIds()).as("request %s sample %s", i, s).isEqualTo(e.tokenIds());
        assertThat(a.reason()).as("request %s sample %s", i, s).isEqualTo(e.reason());
        assertThat(a.logProb()).isCloseTo(e.logProb(), Offset.offset(1e-3));
      }
    }
  }

  @Test
  void continuousBatchingGivesTheTokensOfTheStaticPath() {
    List<DecodeRequest> requests = mixedRequests(12, 7);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      List<List<DecodedSample>> expected =
          new StaticBatcher(model.llamaModel(), manager, true).decode(requests);
      // 6 rows for 12 requests with up to 5 samples: admissions mid-way and requests split in
      // pieces
      ContinuousBatcher roomy = new ContinuousBatcher(model.llamaModel(), manager, 6, 128);
      assertSameSamples(roomy.decode(requests), expected);
      // a timeline just long enough for the longest request: newcomers force it to move both ways
      int tight = requests.stream().mapToInt(ContinuousBatcher::slotsNeeded).max().orElseThrow();
      ContinuousBatcher moving = new ContinuousBatcher(model.llamaModel(), manager, 6, tight);
      assertSameSamples(moving.decode(requests), expected);
      assertThat(expected.stream().flatMap(List::stream).map(DecodedSample::reason).distinct())
          .as("the workload ends rows by EOS and by length")
          .hasSize(2);
    }
  }

  @Test
  void greedyContinuationsMatchTheReferenceWhenAdmittedOneAtATime() {
    List<DecodeRequest> requests = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(3);
    for (int i = 0; i < 8; i++) {
      int[] prompt = IntStream.range(0, 2 + i * 3).map(j -> 20 + random.nextInt(426)).toArray();
      requests.add(
          new DecodeRequest(
              prompt,
              1,
              0,
              4 + i,
              new GreedySampler(),
              0,
              Set.of(),
              DecodeRequest.StopCondition.NEVER));
    }
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      StaticBatcher alone = new StaticBatcher(model.llamaModel(), manager, true);
      List<List<DecodedSample>> expected = new ArrayList<>();
      for (DecodeRequest r : requests) {
        expected.add(alone.decode(List.of(r)).get(0));
      }
      ContinuousBatcher batcher = new ContinuousBatcher(model.llamaModel(), manager, 3, 64);
      assertSameSamples(batcher.decode(requests), expected);
    }
  }

  @Test
  void continuousBatchingKeepsTheBatchFullerOnMixedLengths() {
    List<DecodeRequest> requests = mixedRequests(16, 11);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      RuntimeOptions options = RuntimeOptions.cpu().withBatchLimits(8, 64 * 1024);
      ContinuousBatcher continuous = new ContinuousBatcher(model.llamaModel(), manager, 8, 128);
      continuous.decode(requests);
      // the static path as DjlLlamaModel runs it: micro-batches of at most 8 rows
      StaticBatcher staticDecoder = new StaticBatcher(model.llamaModel(), manager, true);
      List<DecodeRequest> batch = new ArrayList<>();
      int rows = 0;
      for (DecodeRequest r : requests) {
        if (rows + r.n() > options.maxBatchRows()) {
          staticDecoder.decode(batch);
          batch.clear();
          rows = 0;
        }
        batch.add(r);
        rows += r.n();
      }
      staticDecoder.decode(batch);
      DecodeStats c = continuous.stats();
      DecodeStats s = staticDecoder.stats();
      assertThat(c.decodeTokens()).isEqualTo(s.decodeTokens());
      assertThat(c.occupancy()).isGreaterThan(0.8).isGreaterThan(s.occupancy() + 0.2);
      assertThat(c.decodeSteps()).isLessThan(s.decodeSteps());
    }
  }

  @Test
  void generateGivesTheSameCompletionsWithContinuousAndStaticBatching() {
    List<GenerationRequest> requests = new ArrayList<>();
    for (DecodeRequest r : mixedRequests(8, 5)) {
      requests.add(
          new GenerationRequest(
              new Prompt.Tokens(IntStream.of(r.prompt()).boxed().toList()),
              new SamplingParams(0.8, 0.9, 0, r.maxNewTokens(), r.n(), List.of(), r.seed())));
    }
    List<GenerationResult> continuous = model.generate(requests);
    try (DjlLlamaModel staticModel =
        DjlLlamaModel.load(
            Fixtures.tinyLlama(),
            RuntimeOptions.cpu()
                .withBatchLimits(4, 64 * 1024)
                .withBatching(RuntimeOptions.Batching.STATIC))) {
      List<GenerationResult> expected = staticModel.generate(requests);
      for (int i = 0; i < requests.size(); i++) {
        assertThat(continuous.get(i).texts())
            .as("request %s", i)
            .isEqualTo(expected.get(i).texts());
        assertThat(continuous.get(i).promptTokens()).isEqualTo(expected.get(i).promptTokens());
      }
    }
  }

  @Test
  void aRequestLongerThanTheTimelineIsRefusedWithItsNeeds() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      ContinuousBatcher batcher = new ContinuousBatcher(model.llamaModel(), manager, 2, 16);
      DecodeRequest tooLong =
          new DecodeRequest(
              new int[12],
              1,
              0,
              8,
              new GreedySampler(),
              0,
              Set.of(),
              DecodeRequest.StopCondition.NEVER);
      assertThatThrownBy(() -> batcher.submit(tooLong, (sample, result) -> {}))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "request needs 19 cache slots (prompt 12 + maxNewTokens 8 - 1), but capacity is 16");
    }
  }
}
