package ai.spar.trainer;

import ai.spar.testing.Fixtures;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throughput benchmark; not part of the default build (run with -Dgroups=benchmark). */
@Tag("benchmark")
class TrainBenchmarkTest {
  @TempDir Path dir;

  @Test
  void measure() {
    String device = System.getProperty("bench.device", "cpu");
    int steps = Integer.getInteger("bench.steps", 4);
    List<TrainBenchmark.Result> results =
        TrainBenchmark.run(dir, Fixtures.tinyLlama(), new int[] {2, 8}, steps, 40, device);
    results.forEach(r -> System.out.println("BENCH " + r));
  }
}
