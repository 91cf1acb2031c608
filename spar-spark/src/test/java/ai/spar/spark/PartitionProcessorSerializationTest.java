package ai.spar.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.llm.LanguageModel;
import ai.spar.testing.Fixtures;
import ai.spar.testing.SparkSessionExtension;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partition processor Spark ships to every task serializes, and carries configuration only: no
 * model handle and nothing of DJL, even after the job has loaded real models into this JVM.
 */
@ExtendWith(SparkSessionExtension.class)
class PartitionProcessorSerializationTest {
  static SparkSession spark;
  @TempDir Path dir;

  /** Records the class of every object written, and every class whose descriptor is written. */
  static final class RecordingObjectOutputStream extends ObjectOutputStream {
    final Set<Class<?>> classes = new LinkedHashSet<>();

    RecordingObjectOutputStream(OutputStream out) throws IOException {
      super(out);
      enableReplaceObject(true);
    }

    @Override
    protected Object replaceObject(Object obj) {
      classes.add(obj.getClass());
      return obj;
    }

    @Override
    protected void annotateClass(Class<?> type) {
      classes.add(type);
    }
  }

  @Test
  void theProcessorSerializesWithoutAnyModelOrDjlObjectAndStillWorks() throws Exception {
    Path input = dir.resolve("in.jsonl");
    Files.write(input, List.of("{\"id\": \"s1\", \"prompt\": \"Write about cats.\"}"));
    Map<String, String> overrides = new LinkedHashMap<>();
    overrides.put("job.input", input.toString());
    overrides.put("job.output", dir.resolve("out").toString());
    overrides.put("actor.samples", "2");
    overrides.put("actor.max_new_tokens", "4");
    overrides.put("judge.votes", "1");
    overrides.put("judge.max_new_tokens", "4");
    overrides.put("model.actor", Fixtures.tinyLlama().toString());
    overrides.put("model.device", "cpu");
    SparConfig config = SparConfigLoader.parse("", "test", overrides);
    ExecutorModels.closeAll();
    GenerateJob job =
        GenerateJob.withPromptFiles(
            spark, config, new DjlModelLoader(config.model().maxBatchTokens()));
    RunManifest manifest = job.run(false);
    assertThat(manifest.versions())
        .as("the DJL loader names its runtime's version")
        .containsKeys("spar", "spark", "java", "djl");
    assertThat(manifest.versions().get("djl")).matches("\\d+\\.\\d+\\.\\d+");
    int loads = ExecutorModels.loadCount();
    assertThat(loads).as("the job loaded the tiny model into this JVM").isPositive();

    PartitionProcessor processor =
        job.processor(SparConfigLoader.toYaml(config), new JobCounters(spark.sparkContext()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Set<Class<?>> written;
    try (RecordingObjectOutputStream out = new RecordingObjectOutputStream(bytes)) {
      out.writeObject(processor);
      written = out.classes;
    }

    assertThat(written).contains(PartitionProcessor.class, DjlModelLoader.class);
    assertThat(written)
        .as("classes written with the processor")
        .noneMatch(LanguageModel.class::isAssignableFrom)
        .noneMatch(c -> c.getName().startsWith("ai.djl."));
    Object copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = in.readObject();
    }
    assertThat(copy).isInstanceOf(PartitionProcessor.class).isNotSameAs(processor);
    assertThat(ExecutorModels.loadCount()).as("deserializing loads nothing").isEqualTo(loads);
  }

  @Test
  void localModelPathsAreMadeAbsoluteForExecutorsAndUrisAreKept() {
    SparConfig relative =
        SparConfigLoader.parse(
            "", "test", Map.of("model.actor", "models/actor", "model.refiner", "hdfs://nn/r"));
    SparConfig shipped = GenerateJob.withAbsoluteModelPaths(relative);
    assertThat(shipped.model().actor())
        .isEqualTo(Path.of("models/actor").toAbsolutePath().toString());
    assertThat(shipped.model().refiner()).isEqualTo("hdfs://nn/r");
    assertThat(GenerateJob.withAbsoluteModelPaths(shipped)).isSameAs(shipped);
  }
}
