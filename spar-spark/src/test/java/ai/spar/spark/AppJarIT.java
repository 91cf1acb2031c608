package ai.spar.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The application jar that operators {@code spark-submit} (after package): it carries the job and
 * the engine, and nothing of the miniature, the benchmarks, the loop or the launcher, so no demo
 * model travels to every executor.
 */
class AppJarIT {
  @Test
  void appJarCarriesTheJobAndNoMiniatureBenchmarkOrModel() throws IOException {
    Path jar = appJar();
    List<String> names;
    try (JarFile file = new JarFile(jar.toFile())) {
      names = file.stream().map(ZipEntry::getName).toList();
    }
    assertThat(names)
        .contains(
            "ai/spar/spark/SparkGenerate.class",
            "ai/spar/selfplay/SelfPlayRound.class",
            "conf/spar.yaml",
            "conf/prompts/judge.txt");
    assertThat(names)
        .noneMatch(n -> n.startsWith("ai/spar/miniature/"))
        .noneMatch(n -> n.startsWith("ai/spar/bench/"))
        .noneMatch(n -> n.startsWith("ai/spar/loop/"))
        .noneMatch(n -> n.startsWith("ai/spar/cli/"))
        .noneMatch(n -> n.endsWith(".safetensors"));
  }

  static Path appJar() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("target"))) {
      return files
          .filter(p -> p.getFileName().toString().matches("spar-spark-.*-app\\.jar"))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no app jar in target/: run mvn package"));
    }
  }
}
