package ai.spar.spark;

import ai.spar.data.Lineage;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkContext;

/**
 * Assembles the run manifest ({@code _run.json}, {@link RunManifest}) from what the run knows: the
 * plan, the published tables, the rounds' metrics and lineage as its tasks reported them ({@link
 * ChunkMetrics}), the driver's timings and the versions; and writes and reads it.
 */
final class ManifestWriter {
  /** The manifest's file name in the iteration directory. */
  static final String FILE = "_run.json";

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ManifestWriter() {}

  /**
   * The manifest of a run.
   *
   * @param context the run's Spark context (application id, master, Spark's version)
   * @param layout the iteration's layout
   * @param plan the run's chunk plan
   * @param runId the run (the holder of the output's lease)
   * @param resumed chunks reused from an earlier attempt
   * @param tables the published tables
   * @param metrics the metrics of every chunk, resumed ones included
   * @param timings the driver's timings so far; {@code rounds_total} and {@code total} are added
   * @param started when the run started, epoch millis
   * @param runtimeVersions the model runtime's versions ({@link ModelLoader#versions()})
   */
  static RunManifest manifest(
      SparkContext context,
      IterationLayout layout,
      ChunkPlan plan,
      String runId,
      List<Integer> resumed,
      TablePublisher.Tables tables,
      ChunkMetrics metrics,
      Map<String, Long> timings,
      long started,
      Map<String, String> runtimeVersions) {
    Lineage lineage = metrics.lineage();
    Preconditions.checkState(
        lineage != null, "no round reported its lineage in %s rounds", metrics.rounds());
    Map<String, Long> allTimings = new LinkedHashMap<>(timings);
    allTimings.put("rounds_total", metrics.roundMillis());
    allTimings.put("total", System.currentTimeMillis() - started);
    Map<String, String> versions = new LinkedHashMap<>();
    String spar = ManifestWriter.class.getPackage().getImplementationVersion();
    versions.put("spar", spar == null ? "development" : spar);
    versions.put("spark", context.version());
    versions.put("java", System.getProperty("java.version"));
    versions.putAll(runtimeVersions);
    return new RunManifest(
        layout.iteration(),
        context.applicationId(),
        context.master(),
        plan.input(),
        layout.published().toString(),
        plan.inputRows(),
        plan.chunks(),
        List.copyOf(resumed),
        Map.of("id", lineage.actorModelId(), "weights_hash", lineage.actorWeightsHash()),
        Map.of("id", lineage.refinerModelId(), "weights_hash", lineage.refinerWeightsHash()),
        tables.outcomes(),
        tables.rows(),
        allTimings,
        metrics.rounds(),
        metrics.modelCalls(),
        metrics.requests(),
        metrics.promptTokens(),
        metrics.generatedTokens(),
        versions,
        configTree(plan.configYaml()),
        runId);
  }

  private static JsonNode configTree(String configYaml) {
    try {
      return new YAMLMapper().readTree(configYaml);
    } catch (IOException e) {
      return JSON.createObjectNode().put("yaml", configYaml);
    }
  }

  /** Writes a manifest into an iteration directory (a new file: fails when one exists). */
  static void write(FileSystem fs, Path iterationDir, RunManifest manifest) throws IOException {
    try (OutputStream out = fs.create(new Path(iterationDir, FILE), false)) {
      out.write(JSON.writeValueAsBytes(manifest));
    }
  }

  /** Reads the manifest of an iteration directory. */
  static RunManifest read(FileSystem fs, Path iterationDir) throws IOException {
    try (InputStream in = fs.open(new Path(iterationDir, FILE))) {
      return JSON.readValue(in, RunManifest.class);
    }
  }
}
