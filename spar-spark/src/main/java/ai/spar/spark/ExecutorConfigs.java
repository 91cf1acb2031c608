package ai.spar.spark;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job configurations of this JVM: each configuration text is parsed once, by the first task
 * that needs it, and the immutable result is shared by every later task, retries included (a retry
 * ships the same text, so it finds the same entry). Keyed by the text's SHA-256, so two jobs with
 * different configurations in one JVM never share an entry. Thread-safe.
 */
final class ExecutorConfigs {
  private static final Map<String, SparConfig> CONFIGS = new ConcurrentHashMap<>();

  private ExecutorConfigs() {}

  /** The fingerprint a configuration text is cached under. */
  static String fingerprint(String configYaml) {
    return Hashing.sha256().hashString(configYaml, StandardCharsets.UTF_8).toString();
  }

  /**
   * The parsed configuration of a text.
   *
   * @param fingerprint {@link #fingerprint} of {@code configYaml}, computed where the text was made
   * @param configYaml the configuration ({@link SparConfigLoader#toYaml})
   */
  static SparConfig parsed(String fingerprint, String configYaml) {
    return CONFIGS.computeIfAbsent(
        fingerprint, f -> SparConfigLoader.parse(configYaml, "job configuration", Map.of()));
  }

  /** How many distinct configurations this JVM has parsed. */
  static int size() {
    return CONFIGS.size();
  }
}
