package ai.spar.miniature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairedDifferenceTest {

  @Test
  void theMeanIsTheChangeOfTheRateAndTheErrorComesFromTheDiscordantPrompts() {
    // 10 prompts: 2 gained, 1 lost, 7 unchanged
    List<Boolean> before = List.of(false, false, true, true, true, false, true, true, false, true);
    List<Boolean> after = List.of(true, true, false, true, true, false, true, true, false, true);
    PairedDifference d = PairedDifference.of(before, after);
    assertThat(d.mean()).isCloseTo(0.1, within(1e-12));
    assertThat(d.gained()).isEqualTo(2);
    assertThat(d.lost()).isEqualTo(1);
    // d = (1, 1, -1, 0 x 7): sample variance = (3 - 10 * 0.01) / 9
    assertThat(d.standardError()).isCloseTo(Math.sqrt((3 - 0.1) / 9 / 10), within(1e-12));
    assertThat(d.standardErrors()).isCloseTo(0.1 / d.standardError(), within(1e-12));
  }

  @Test
  void identicalVectorsDoNotDiffer() {
    List<Boolean> v = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      v.add(i % 3 == 0);
    }
    PairedDifference d = PairedDifference.of(v, v);
    assertThat(d.mean()).isZero();
    assertThat(d.standardError()).isZero();
    assertThat(d.standardErrors()).isZero();
  }

  @Test
  void vectorsOfDifferentLengthsAreRefused() {
    assertThatThrownBy(() -> PairedDifference.of(List.of(true), List.of(true, false)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("before and after must cover the same prompts, but had 1 and 2");
  }

  @Test
  void theMeanOverSeedsCarriesItsStandardError() {
    PairedDifference.OverSeeds s = PairedDifference.OverSeeds.of(List.of(0.02, 0.04, 0.06));
    assertThat(s.mean()).isCloseTo(0.04, within(1e-12));
    assertThat(s.standardError()).isCloseTo(0.02 / Math.sqrt(3), within(1e-12));
    assertThat(PairedDifference.OverSeeds.of(List.of(0.5)).standardError()).isZero();
  }
}
