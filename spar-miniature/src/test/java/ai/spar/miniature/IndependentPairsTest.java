package ai.spar.miniature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class IndependentPairsTest {
  private static IndependentPairs.Sample s(String id, int index, String decision) {
    return new IndependentPairs.Sample(id, index, id + "-" + index, decision);
  }

  @Test
  void pairsTheFirstPassingWithTheFirstFailingSample() {
    List<IndependentPairs.Pair> pairs =
        IndependentPairs.select(
            List.of(
                s("b", 3, "FAIL"),
                s("b", 1, "UNDECIDED"),
                s("b", 2, "PASS"),
                s("b", 0, "FAIL"),
                s("b", 4, "PASS"),
                s("a", 0, "PASS"),
                s("a", 1, "PASS"),
                s("c", 0, "FAIL"),
                s("c", 1, "ERROR")));
    assertThat(pairs).containsExactly(new IndependentPairs.Pair("b", "b-2", "b-0"));
  }

  @Test
  void oneOrderIndependentPairPerInstruction() {
    List<IndependentPairs.Sample> samples =
        List.of(s("x", 1, "PASS"), s("y", 0, "FAIL"), s("x", 0, "FAIL"), s("y", 1, "PASS"));
    assertThat(IndependentPairs.select(samples))
        .containsExactly(
            new IndependentPairs.Pair("x", "x-1", "x-0"),
            new IndependentPairs.Pair("y", "y-1", "y-0"))
        .isEqualTo(IndependentPairs.select(reversed(samples)));
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new java.util.ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  @Test
  void rejectsBadSamples() {
    assertThatThrownBy(() -> new IndependentPairs.Sample("x", -1, "r", "PASS"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sampleIndex must be >= 0, but was: -1");
  }
}
