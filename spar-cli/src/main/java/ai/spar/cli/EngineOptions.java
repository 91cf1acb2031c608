package ai.spar.cli;

import ai.spar.config.JudgeMode;
import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.ifeval.IfevalVerifier;
import ai.spar.ifeval.InstructionVerifier;
import ai.spar.judge.PromptTemplate;
import ai.spar.llm.LanguageModel;
import ai.spar.refine.RefinementChat;
import ai.spar.selfplay.InferenceTreeSearch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The options of commands that run the SPaR engine ({@code --config}, {@code --set}), as a picocli
 * mixin: where the configuration comes from and where its relative prompt paths resolve.
 *
 * <p>Without {@code --config}, {@code conf/spar.yaml} is read from the working directory, else from
 * the installation ({@code -Dspar.home}, set by {@code bin/spar}), else the built-in defaults are
 * used. Relative prompt paths resolve against the working directory when the judge prompt exists
 * there, else against the installation.
 */
public final class EngineOptions {
  /** The default configuration file, relative to the working directory or the installation. */
  public static final String DEFAULT_CONFIG = "conf/spar.yaml";

  /** The system property {@code bin/spar} sets to the checkout. */
  public static final String HOME_PROPERTY = "spar.home";

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
    if (config != null) {
      return Optional.of(config);
    }
    Path local = Paths.get(DEFAULT_CONFIG);
    if (Files.isRegularFile(local)) {
      return Optional.of(local);
    }
    return home().map(h -> h.resolve(DEFAULT_CONFIG)).filter(Files::isRegularFile);
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
   * The directory the configuration's relative prompt paths resolve against: the working directory
   * when the judge prompt is there, else the installation when it is there, else the working
   * directory (and loading then names the missing file).
   */
  public Path promptBase(SparConfig loaded) {
    Path cwd = Paths.get("").toAbsolutePath();
    if (Files.isRegularFile(cwd.resolve(loaded.prompts().judge()))) {
      return cwd;
    }
    return home().filter(h -> Files.isRegularFile(h.resolve(loaded.prompts().judge()))).orElse(cwd);
  }

  /**
   * Inference-time tree search on {@code model} playing actor, judge and refiner (the paper's
   * setup), with the configured prompts and judge; rule judges check with the strict IFEval
   * verifier.
   */
  public InferenceTreeSearch treeSearch(SparConfig loaded, LanguageModel model) {
    InstructionVerifier verifier =
        loaded.judge().mode() == JudgeMode.LLM ? null : IfevalVerifier.strict();
    return InferenceTreeSearch.create(loaded, model, model, verifier, promptBase(loaded));
  }

  /** The refine chat of the configured prompt files (its judgment prompt is also the judge's). */
  public RefinementChat refinementChat(SparConfig loaded) {
    Path base = promptBase(loaded);
    return new RefinementChat(
        PromptTemplate.load(
            base.resolve(loaded.prompts().judge()),
            Set.of(PromptTemplate.INSTRUCTION, PromptTemplate.RESPONSE)),
        PromptTemplate.load(base.resolve(loaded.prompts().refine()), Set.of()));
  }

  private static Optional<Path> home() {
    String home = System.getProperty(HOME_PROPERTY);
    return home == null || home.isBlank() ? Optional.empty() : Optional.of(Paths.get(home));
  }
}
