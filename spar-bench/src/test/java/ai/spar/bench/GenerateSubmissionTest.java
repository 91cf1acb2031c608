package ai.spar.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerateSubmissionTest {
  @TempDir Path dir;

  @Test
  void argumentsSubmitTheAppJarWithTheNativeJarAndExecutorOptions() throws IOException {
    Path app = Files.createFile(dir.resolve("app.jar"));
    Path nativeJar = Files.createFile(dir.resolve("native.jar"));
    GenerateSubmission submission =
        new GenerateSubmission(
            app,
            nativeJar,
            dir.resolve("job.yaml"),
            "/out",
            List.of("--add-opens=java.base/java.lang=ALL-UNNAMED"),
            "/cache",
            dir.resolve("log4j2.properties"),
            Map.of("spark.cores.max", "1"));

    List<String> args = submission.arguments();
    assertThat(args)
        .containsSubsequence("--conf", "spark.cores.max=1")
        .containsSubsequence(
            "--class",
            "ai.spar.spark.SparkGenerate",
            "--jars",
            nativeJar.toString(),
            app.toString(),
            "generate",
            "--config",
            dir.resolve("job.yaml").toString(),
            "--output",
            "/out");
    assertThat(args)
        .contains(
            "spark.executor.extraJavaOptions=--add-opens=java.base/java.lang=ALL-UNNAMED"
                + " -Dai.djl.offline=true -DDJL_CACHE_DIR=/cache -Dlog4j2.configurationFile="
                + dir.resolve("log4j2.properties"));
    assertThat(submission.driverJvmOptions("1g")).startsWith("-Xmx1g");
  }

  @Test
  void refusesAMissingAppJar() {
    assertThatThrownBy(
            () ->
                new GenerateSubmission(
                    dir.resolve("missing.jar"),
                    dir,
                    dir,
                    "/out",
                    List.of(),
                    "/cache",
                    dir,
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "appJar must be a file (built by mvn package), but was: " + dir.resolve("missing.jar"));
  }

  @Test
  void readsTheJvmOptionsOfConfJvmProperties() throws IOException {
    Path properties = dir.resolve("jvm.properties");
    Files.writeString(properties, "# c\nspark.jvm.options=-Da=1  -Db=2\n");
    assertThat(GenerateSubmission.jvmOptions(properties)).containsExactly("-Da=1", "-Db=2");
  }
}
