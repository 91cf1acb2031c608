package ai.spar.bench;

import ai.spar.spark.SparkGenerate;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code spark-submit} arguments of one {@code generate} run on a CPU cluster: the app jar with
 * {@code pytorch-native-cpu} added through {@code --jars}, executors told where libtorch is
 * unpacked ({@code DJL_CACHE_DIR}, offline) and how to log.
 *
 * @param appJar the application jar ({@code spar-spark-<version>-app.jar})
 * @param nativeJar the {@code pytorch-native-cpu} jar
 * @param configFile the job configuration (YAML)
 * @param output the output root ({@code --output})
 * @param jvmOptions options every Spark JVM needs ({@code conf/jvm.properties})
 * @param djlCache where libtorch is (or gets) unpacked on the nodes
 * @param logConfig the Log4j 2 configuration of driver and executors
 * @param conf further Spark settings ({@code --conf key=value}), e.g. {@code spark.cores.max}
 */
public record GenerateSubmission(
    Path appJar,
    Path nativeJar,
    Path configFile,
    String output,
    List<String> jvmOptions,
    String djlCache,
    Path logConfig,
    Map<String, String> conf) {
  public GenerateSubmission {
    Preconditions.checkArgument(
        appJar != null && Files.isRegularFile(appJar),
        "appJar must be a file (built by mvn package), but was: %s",
        appJar);
    Preconditions.checkArgument(
        nativeJar != null && Files.isRegularFile(nativeJar),
        "nativeJar must be the pytorch-native-cpu jar, but was: %s",
        nativeJar);
    jvmOptions = List.copyOf(jvmOptions);
    conf = Map.copyOf(new LinkedHashMap<>(conf));
  }

  /** The arguments after {@code --master ... --deploy-mode client}. */
  public List<String> arguments() {
    List<String> executorOptions = new ArrayList<>(jvmOptions);
    executorOptions.addAll(systemProperties());
    Map<String, String> all = new LinkedHashMap<>();
    all.put("spark.ui.enabled", "false");
    all.put("spark.driver.host", "127.0.0.1");
    all.put("spark.driver.bindAddress", "127.0.0.1");
    all.put("spark.executor.extraJavaOptions", String.join(" ", executorOptions));
    all.putAll(conf);
    List<String> args = new ArrayList<>();
    all.forEach(
        (k, v) -> {
          args.add("--conf");
          args.add(k + "=" + v);
        });
    args.addAll(
        List.of(
            "--class",
            SparkGenerate.class.getName(),
            "--jars",
            nativeJar.toAbsolutePath().toString(),
            appJar.toAbsolutePath().toString(),
            "generate",
            "--config",
            configFile.toAbsolutePath().toString(),
            "--output",
            output));
    return args;
  }

  /** Options of the driver JVM (spark-submit in client mode). */
  public List<String> driverJvmOptions(String heap) {
    List<String> options = new ArrayList<>();
    options.add("-Xmx" + heap);
    options.addAll(systemProperties());
    return options;
  }

  private List<String> systemProperties() {
    return List.of(
        "-Dai.djl.offline=true",
        "-DDJL_CACHE_DIR=" + djlCache,
        "-Dlog4j2.configurationFile=" + logConfig.toAbsolutePath());
  }

  /** The {@code spark.jvm.options} of a {@code conf/jvm.properties} file, split. */
  public static List<String> jvmOptions(Path jvmProperties) {
    Properties properties = new Properties();
    try (Reader in = Files.newBufferedReader(jvmProperties, StandardCharsets.UTF_8)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + jvmProperties, e);
    }
    String options = properties.getProperty("spark.jvm.options");
    Preconditions.checkArgument(
        options != null, "%s must define spark.jvm.options, but does not", jvmProperties);
    return List.of(options.trim().split("\\s+"));
  }
}
