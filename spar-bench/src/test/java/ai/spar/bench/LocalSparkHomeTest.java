package ai.spar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSparkHomeTest {
  @TempDir Path dir;

  @Test
  void linksSparksJarsAndLeavesTheApplicationsOwnOut() throws IOException {
    LocalSparkHome home = LocalSparkHome.create(dir, LocalSparkHome.currentClassPath());

    List<String> names;
    try (Stream<Path> links = Files.list(dir.resolve("jars"))) {
      names = links.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(names)
        .anyMatch(n -> n.startsWith("spark-core_"))
        .anyMatch(n -> n.startsWith("spark-sql_"))
        .anyMatch(n -> n.startsWith("jackson-databind-"))
        .noneMatch(n -> n.startsWith("spar-core-"))
        .noneMatch(n -> n.startsWith("pytorch-"))
        .noneMatch(n -> n.startsWith("picocli-"))
        .noneMatch(n -> n.startsWith("jinjava-"));
    assertThat(names).hasSize(home.jars().size());
    assertThat(Files.isSymbolicLink(dir.resolve("jars").resolve(names.get(0)))).isTrue();
    assertThat(home.classPath()).isEqualTo(dir.toAbsolutePath().resolve("jars") + "/*");
  }

  @Test
  void readsTheGroupFromAMavenRepositoryPath() {
    Path jar =
        Path.of("/m2/repository/ai/djl/pytorch/pytorch-engine/0.35.1/pytorch-engine-0.35.1.jar");
    assertThat(LocalSparkHome.group(jar)).contains("ai.djl.pytorch");
    assertThat(LocalSparkHome.isApplication(jar)).isTrue();
  }

  @Test
  void refusesAClassPathWithoutSpark() {
    assertThatThrownBy(() -> LocalSparkHome.create(dir, List.of(dir.resolve("x.jar"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "class path must contain Spark's jars (spark-core_*.jar), but has 1 entries without it");
  }
}
