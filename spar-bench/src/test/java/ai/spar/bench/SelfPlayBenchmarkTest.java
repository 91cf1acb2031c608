package ai.spar.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.ActorConfig;
import ai.spar.config.SearchPolicy;
import ai.spar.config.SparConfig;
import ai.spar.testing.SparScript;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfPlayBenchmarkTest {
  private static final SparConfig CONFIG =
      SparConfig.defaults().withActor(new ActorConfig(3, 0.9, 0.9, 64));

  @Test
  void benchmarkReportsCallsOccupancyAndTokens() {
    SparScript script = new SparScript();
    List<SelfPlayBenchmarkResult> results =
        SelfPlayBenchmark.run(
            script.model,
            CONFIG,
            SparScript.chat(),
            SelfPlayBenchmark.bundledInstructions(SelfPlayBenchmark.DEFAULT_INSTRUCTIONS),
            List.of(SearchPolicy.BFS, SearchPolicy.DFS));
    SelfPlayBenchmarkResult bfs = results.get(0);
    assertThat(bfs.instructions()).isEqualTo(64);
    assertThat(bfs.modelCalls()).isEqualTo(8);
    assertThat(bfs.requests()).isEqualTo(64 + 64 * 3 + 64 * (1 + 3 + 2 + 6 + 2 + 6));
    assertThat(bfs.requestsPerCall()).isEqualTo(bfs.requests() / 8.0);
    assertThat(bfs.generatedTokensPerInstruction()).isGreaterThan(0);
    SelfPlayBenchmarkResult dfs = results.get(1);
    assertThat(dfs.modelCalls()).isEqualTo(2 + 7 * 2);
    assertThat(dfs.round().treeNodes()).isEqualTo(64 * 21);
  }
}
