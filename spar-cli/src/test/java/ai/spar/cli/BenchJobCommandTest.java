package ai.spar.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.bench.JobBenchmark;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchJobCommandTest {
  @Test
  void benchJobIsRegisteredUnderBench() {
    assertThat(Spar.commandLine().getSubcommands().get("bench").getSubcommands())
        .containsKeys("generate", "job");
  }

  @Test
  void theTableReportsTheBestRunRatios() {
    List<JobBenchmark.Measurement> rows =
        List.of(
            new JobBenchmark.Measurement("start-up: model load", 0, 900, 900, 0, 0),
            new JobBenchmark.Measurement("direct (rounds in one JVM)", 1, 1000, 1000, 24, 1600),
            new JobBenchmark.Measurement("direct (rounds in one JVM)", 2, 800, 800, 24, 1600),
            new JobBenchmark.Measurement("job local[2]", 1, 4000, 4000, 24, 1600),
            new JobBenchmark.Measurement("job cluster 1x1", 1, 9000, 20000, 24, 1600),
            new JobBenchmark.Measurement("job cluster 2x1", 1, 6000, 17000, 24, 1600));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream previous = System.out;
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      BenchJobCommand.print(rows, 1.0, 2.0);
    } finally {
      System.setOut(previous);
    }
    String table = bytes.toString(StandardCharsets.UTF_8);
    assertThat(table)
        .contains("job local[2] / direct = 5.00")
        .contains("cluster 1 executor / 2 executors = 1.50")
        .contains("load average 1.00 before, 2.00 after");
    assertThat(table.lines().filter(l -> l.startsWith("direct"))).hasSize(2);
  }
}
