package ai.spar.llm.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.llm.SamplingParams;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SamplerTest {
  private static final float[] LOGITS = {1f, 3f, 2f, 0.5f, 3f, -1f};

  @Test
  void greedyTakesTheFirstMaximum() {
    assertThat(new GreedySampler().sample(LOGITS, null)).isEqualTo(1);
    assertThat(Sampler.of(SamplingParams.greedy(4))).isInstanceOf(GreedySampler.class);
  }

  @Test
  void topKKeepsTheLargestAndTies() {
    float[] work = LOGITS.clone();
    new TopKFilter(2).apply(work);
    assertThat(work)
        .containsExactly(
            Float.NEGATIVE_INFINITY,
            3f,
            Float.NEGATIVE_INFINITY,
            Float.NEGATIVE_INFINITY,
            3f,
            Float.NEGATIVE_INFINITY);
  }

  @Test
  void topPStaysInTheNucleus() {
    double[] probs = Softmax.probabilities(LOGITS);
    for (double p : new double[] {0.05, 0.3, 0.5, 0.8, 0.95}) {
      Sampler sampler = new FilteredSampler(List.of(new TopPFilter(p)));
      Set<Integer> seen = new HashSet<>();
      RandomGenerator rng = Sampler.generator(11, 0);
      for (int i = 0; i < 2000; i++) {
        seen.add(sampler.sample(LOGITS, rng));
      }
      // the nucleus: tokens by descending probability until the mass first reaches p
      Integer[] order = {1, 4, 2, 0, 3, 5};
      double mass = 0;
      Set<Integer> nucleus = new HashSet<>();
      for (int token : order) {
        if (!nucleus.isEmpty() && mass >= p) {
          break;
        }
        nucleus.add(token);
        mass += probs[token];
      }
      assertThat(seen).as("p=%s", p).isEqualTo(nucleus);
    }
  }

  @Test
  void samplingFollowsTheTemperedDistribution() {
    Sampler sampler = new FilteredSampler(List.of(new TemperatureFilter(2.0)));
    float[] tempered = new float[LOGITS.length];
    for (int i = 0; i < LOGITS.length; i++) {
      tempered[i] = LOGITS[i] / 2;
    }
    double[] expected = Softmax.probabilities(tempered);
    int[] counts = new int[LOGITS.length];
    RandomGenerator rng = Sampler.generator(3, 1);
    int draws = 40_000;
    for (int i = 0; i < draws; i++) {
      counts[sampler.sample(LOGITS, rng)]++;
    }
    for (int i = 0; i < LOGITS.length; i++) {
      assertThat((double) counts[i] / draws)
          .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(0.01));
    }
  }

  @Test
  void generatorsDependOnSeedAndIndexOnly() {
    assertThat(Sampler.generator(5, 2).nextLong()).isEqualTo(Sampler.generator(5, 2).nextLong());
    assertThat(Sampler.generator(5, 2).nextLong()).isNotEqualTo(Sampler.generator(5, 3).nextLong());
    assertThat(Sampler.generator(5, 2).nextLong()).isNotEqualTo(Sampler.generator(6, 2).nextLong());
  }

  @Test
  void logProbabilityIsUnderTheUnmodifiedDistribution() {
    double[] probs = Softmax.probabilities(LOGITS);
    assertThat(Softmax.logProbability(LOGITS, 2))
        .isCloseTo(Math.log(probs[2]), org.assertj.core.data.Offset.offset(1e-12));
  }

  @Test
  void badParametersAreNamed() {
    assertThatThrownBy(() -> new TopPFilter(0))
        .hasMessageContaining("topP must be in (0, 1], but was: 0.0");
    assertThatThrownBy(() -> new TopKFilter(0))
        .hasMessageContaining("topK must be >= 1, but was: 0");
    assertThatThrownBy(() -> new TemperatureFilter(-1)).hasMessageContaining("temperature");
    assertThatThrownBy(() -> new SamplingParams(1, 1.5, 0, 5, 1, List.of(), 0))
        .hasMessageContaining("topP must be in (0, 1], but was: 1.5");
  }
}
