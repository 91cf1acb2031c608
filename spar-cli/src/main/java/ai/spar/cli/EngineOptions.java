package ai.spar.cli;

import ai.spar.config.ConfFiles;
import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.selfplay.SelfPlayStages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of commands that run the SPaR engine ({@code --config}, {@code --set}), as a picocli
 * mixin: where the configuration comes from and where its relative prompt paths resolve.
 *
 * <p>Files are found by {@link ConfFiles}, as everywhere: without {@code --config}, {@code
 * conf/spar.yaml} is read from the working directory, else from the SPaR home ({@code -Dspar.home}
 * or {@code SPAR_HOME}, set by {@code bin/spar}), else the built-in defaults are used; each
 * relative prompt path is found the same way (working directory, SPaR home, then the copies on the
 * classpath).
 */
public final class EngineOptions {
  /** The default configuration file, relative to the working directory or the installation. */
  public static final String DEFAULT_CONFIG = "conf/spar.yaml";

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec mixee;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "SPaR configuration (YAML); default: " + DEFAULT_CONFIG + " when present")
  Path config;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "configuration override, e.g. --set search.branch=2 (repeatable)")
  Map<String, String> overrides = new LinkedHashMap<>();

  /** The configuration file in use, or empty for the built-in defaults. */
  public Optional<Path> configFile() {
    return config != null ? Optional.of(config) : ConfFiles.locate(DEFAULT_CONFIG);
  }

  /** Loads the configuration; a bad file or override is a usage error naming the key. */
  public SparConfig load() {
    return load(Map.of());
  }

  /**
   * Loads the configuration with a command's own settings applied over the file and under the
   * user's {@code --set} overrides.
   *
   * @param commandSettings dotted keys to values, e.g. {@code judge.votes -> 3}
   */
  public SparConfig load(Map<String, String> commandSettings) {
    if (config != null && !Files.isRegularFile(config)) {
      throw new CommandLine.ParameterException(
          mixee.commandLine(), "--config must be a YAML file, but was: " + config);
    }
    try {
      Map<String, String> merged = new LinkedHashMap<>(commandSettings);
      merged.putAll(overrides);
      return SparConfigLoader.load(configFile().orElse(null), merged);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage(), e);
    }
  }

  /**
   * The SPaR stages (refine chat, judge, round, tree search) of the configuration, its prompt files
   * found as every configuration file is ({@link ConfFiles}); a missing prompt file is a usage
   * error naming it.
   */
  public SelfPlayStages stages(SparConfig loaded) {
    try {
      return SelfPlayStages.read(loaded);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage(), e);
    }
  }
}
