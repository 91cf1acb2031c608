package ai.spar.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SparConfigLoaderTest {

  @Test
  void theShippedFileIsTheDefaults() {
    SparConfig loaded = SparConfigLoader.load(Fixtures.projectRoot().resolve("conf/spar.yaml"));
    assertThat(loaded).isEqualTo(SparConfig.defaults());
  }

  @Test
  void defaultsAreThePapersSettings() {
    SparConfig d = SparConfig.defaults();
    assertThat(d.actor()).isEqualTo(new ActorConfig(5, 0.9, 0.9, 2048));
    assertThat(d.judge().votes()).isEqualTo(5);
    assertThat(d.judge().temperature()).isEqualTo(0.7);
    assertThat(d.judge().topP()).isEqualTo(1.0);
    assertThat(d.search().branch()).isEqualTo(3);
    assertThat(d.search().selectBranch()).isEqualTo(2);
    assertThat(d.search().maxDepth()).isEqualTo(3);
    assertThat(d.search().endGate()).isEqualTo(0.5);
    assertThat(d.rft()).isEqualTo(new RftConfig(4000, 1500, 1000, 500, 2500));
  }

  @Test
  void aFileAndOverridesMergeOntoTheDefaults() {
    SparConfig config =
        SparConfigLoader.parse(
            "seed: 7\nsearch:\n  policy: dfs\n  branch: 4\njudge:\n  verdict: STRICT\n",
            "inline",
            Map.of("search.branch", "5", "actor.samples", "3"));
    assertThat(config.seed()).isEqualTo(7);
    assertThat(config.search().policy()).isEqualTo(SearchPolicy.DFS);
    assertThat(config.search().branch()).isEqualTo(5);
    assertThat(config.search().selectBranch()).isEqualTo(2);
    assertThat(config.judge().verdict()).isEqualTo(VerdictRule.STRICT);
    assertThat(config.actor().samples()).isEqualTo(3);
    assertThat(SparConfigLoader.parse(SparConfigLoader.toYaml(config), "round trip", Map.of()))
        .isEqualTo(config);
  }

  @Test
  void anUnknownKeyNamesTheSourceAndTheKey() {
    assertThatThrownBy(() -> SparConfigLoader.parse("search:\n  brnch: 4\n", "my.yaml", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("my.yaml: unknown key 'search.brnch'")
        .hasMessageContaining("branch");
  }

  @Test
  void aValueOutOfRangeNamesTheKeyAndTheValue() {
    assertThatThrownBy(
            () -> SparConfigLoader.parse("search:\n  select_branch: 4\n", "my.yaml", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("my.yaml: search.select_branch must be in [1, branch=3], but was: 4");
    assertThatThrownBy(() -> SparConfigLoader.parse("judge:\n  top_p: 0\n", "my.yaml", Map.of()))
        .hasMessage("my.yaml: judge.top_p must be in (0, 1], but was: 0.0");
  }

  @Test
  void aFractionForACountIsRefusedInTheFileAsOnTheCommandLine() {
    assertThatThrownBy(
            () -> SparConfigLoader.parse("actor:\n  samples: 4.7\n", "my.yaml", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("my.yaml: bad value at 'actor.samples'")
        .hasMessageContaining("4.7");
    assertThatThrownBy(() -> SparConfigLoader.parse("", "my.yaml", Map.of("actor.samples", "2.9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("actor.samples")
        .hasMessageContaining("2.9");
  }

  @Test
  void aBadOverrideIsBlamedOnItselfNotOnTheFileOrAnotherOverride() {
    Map<String, String> overrides = new java.util.LinkedHashMap<>();
    overrides.put("search.branch", "4");
    overrides.put("judge.top_p", "0");
    assertThatThrownBy(() -> SparConfigLoader.parse("seed: 7\n", "my.yaml", overrides))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--set judge.top_p=0: judge.top_p must be in (0, 1], but was: 0.0");
    assertThatThrownBy(
            () ->
                SparConfigLoader.parse("seed: 7\n", "my.yaml", Map.of("search.select_branch", "5")))
        .hasMessage(
            "--set search.select_branch=5: search.select_branch must be in [1, branch=3], but"
                + " was: 5");
    // An override that mends a bad file is fine.
    assertThat(
            SparConfigLoader.parse(
                    "search:\n  select_branch: 4\n", "my.yaml", Map.of("search.branch", "4"))
                .search()
                .selectBranch())
        .isEqualTo(4);
  }

  @Test
  void anUnknownEnumValueIsABadValue() {
    assertThatThrownBy(() -> SparConfigLoader.parse("search:\n  policy: a_star\n", "f", Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("f: bad value at 'search.policy'");
  }

  @Test
  void seedsDeriveFromAllFourParts() {
    SeedDeriver seeds = new SeedDeriver(1);
    long base = seeds.derive("id", SeedDeriver.ACTOR, 0);
    assertThat(new SeedDeriver(1).derive("id", SeedDeriver.ACTOR, 0)).isEqualTo(base);
    assertThat(new SeedDeriver(2).derive("id", SeedDeriver.ACTOR, 0)).isNotEqualTo(base);
    assertThat(seeds.derive("id2", SeedDeriver.ACTOR, 0)).isNotEqualTo(base);
    assertThat(seeds.derive("id", SeedDeriver.REFINE, 0)).isNotEqualTo(base);
    assertThat(seeds.derive("id", SeedDeriver.ACTOR, 1)).isNotEqualTo(base);
    assertThat(SeedDeriver.mix(base, 0)).isEqualTo(base);
    assertThat(SeedDeriver.mix(base, 1)).isNotEqualTo(base);
  }
}
