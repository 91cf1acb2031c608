package ai.spar.ifeval.language;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Expected values were printed by CPython 3.11's {@code random.Random}. */
class PythonRandomTest {

  @Test
  void matchesCpythonAfterSeedZero() {
    PythonRandom r = new PythonRandom(0);
    assertThat(r.random()).isEqualTo(0.8444218515250481);
    assertThat(r.getrandbits(32)).isEqualTo(3255389356L);
  }

  @Test
  void gaussCachesTheSecondValueAndSeedResetsIt() {
    PythonRandom r = new PythonRandom(0);
    assertThat(r.gauss(0, 1)).isEqualTo(0.9417154046806644);
    assertThat(r.gauss(0, 1)).isEqualTo(-1.3965781047011498);
    assertThat(r.gauss(0, 1)).isEqualTo(-0.6797144480784211);
    r.seed(0);
    assertThat(r.gauss(0, 1)).isEqualTo(0.9417154046806644);
  }

  @Test
  void randbelowMatchesChoiceAndLargeSeedsUseTwoWords() {
    PythonRandom r = new PythonRandom(0);
    assertThat(new int[] {r.randbelow(1000), r.randbelow(1000), r.randbelow(1000), r.randbelow(7)})
        .containsExactly(864, 394, 776, 3);
    assertThat(new PythonRandom(12345678901L).random()).isEqualTo(0.9460118159397316);
  }
}
