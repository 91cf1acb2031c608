package ai.spar.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLocalizerTest {
  @TempDir Path dir;
  private Path cached;

  @AfterEach
  void removeTheCopy() throws Exception {
    if (cached != null && Files.isDirectory(cached)) {
      try (var files = Files.walk(cached)) {
        for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private Path model() throws Exception {
    Path model = dir.resolve("remote-model");
    Files.createDirectories(model);
    Files.writeString(model.resolve("config.json"), "{\"hidden_size\": 8}");
    Files.writeString(model.resolve("model.safetensors"), "weights v1");
    return model;
  }

  @Test
  void aModelOnAnotherFileSystemIsCopiedToTheLocalCacheOnceAndReused() throws Exception {
    Path model = model();
    String uri = CopyTestFileSystem.SCHEME + "://" + model.toUri().getRawPath();

    cached = ModelLocalizer.localize(uri);
    assertThat(cached)
        .isDirectory()
        .startsWith(Paths.get(System.getProperty("java.io.tmpdir"), "spar-models"))
        .isNotEqualTo(model);
    assertThat(cached.resolve("config.json")).hasContent("{\"hidden_size\": 8}");
    assertThat(cached.resolve("model.safetensors")).hasContent("weights v1");
    try (var siblings = Files.list(cached.getParent())) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .as("no half-copied directory is left beside the cache")
          .noneMatch(n -> n.startsWith(cached.getFileName() + ".partial-"));
    }

    // A later load in this JVM (or another on the machine) reuses the copy instead of copying.
    Files.writeString(model.resolve("model.safetensors"), "weights v2");
    assertThat(ModelLocalizer.localize(uri)).isEqualTo(cached);
    assertThat(cached.resolve("model.safetensors")).hasContent("weights v1");
  }

  @Test
  void aMissingModelDirectoryFailsNamingTheUriAndLeavesNoCache() {
    String uri = CopyTestFileSystem.SCHEME + "://" + dir.resolve("missing").toUri().getRawPath();
    assertThatThrownBy(() -> ModelLocalizer.localize(uri))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot copy model directory " + uri + " to ")
        .hasMessageContaining("spar-models")
        .hasRootCauseInstanceOf(FileNotFoundException.class)
        .rootCause()
        .hasMessageContaining("missing")
        .hasMessageContaining("does not exist");
  }

  @Test
  void localPathsAndFileUrisAreUsedInPlace() throws Exception {
    Path model = model();
    assertThat(ModelLocalizer.localize(model.toString())).isEqualTo(model);
    assertThat(ModelLocalizer.localize(model.toUri().toString())).isEqualTo(model);
    assertThat(ModelLocalizer.absoluteIfLocal("models/actor"))
        .isEqualTo(Paths.get("models/actor").toAbsolutePath().toString());
    assertThat(ModelLocalizer.absoluteIfLocal("hdfs://nn/models/actor"))
        .isEqualTo("hdfs://nn/models/actor");
  }
}
