package ai.spar.cli;

import ai.spar.config.ConfFiles;
import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.loop.IterationLoop;
import ai.spar.report.ReportInputs;
import ai.spar.report.SparReport;
import ai.spar.spark.DjlModelLoader;
import ai.spar.spark.GenerateCommand;
import ai.spar.trainer.Objective;
import ai.spar.trainer.TrainConfig;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spar iterate}: SPaR iterations end to end. */
@Command(
    name = "iterate",
    mixinStandardHelpOptions = true,
    description = {
      "Run SPaR iterations: generate (Spark) -> DPO for the actor -> SFT for the refiner -> IFEval -> gate.",
      "State lives in <loop.root>/iterations.json; a re-run continues from the first incomplete step.",
      "Exit codes: 0 all iterations promoted, 3 the gate rejected an actor, 1 failure, 2 bad usage."
    })
final class IterateCommand implements Callable<Integer> {
  @Option(
      names = "--config",
      description = "YAML configuration (default: conf/spar.yaml).",
      paramLabel = "FILE")
  String config;

  @Option(
      names = "--from",
      description = "First iteration to run (default: continue after the last complete one).",
      paramLabel = "N")
  Integer from;

  @Option(
      names = "--iterations",
      description = "How many iterations to run (default: loop.iterations).",
      paramLabel = "K")
  Integer iterations;

  @Option(
      names = "--spark-master",
      description = "Spark master for generation (default: local[*]).",
      paramLabel = "URL")
  String sparkMaster;

  @Option(
      names = "--set",
      description = "Override a configuration key, e.g. --set loop.root=/data/spar (repeatable).",
      paramLabel = "KEY=VALUE")
  Map<String, String> overrides = new LinkedHashMap<>();

  @Override
  public Integer call() {
    SparConfig resolved = SparConfigLoader.resolve(config, overrides);
    resolved.model().requiredActor();
    resolved = DemoAssets.prepare(resolved);
    TrainConfig dpo = trainConfig(resolved.loop().dpoConfig(), Objective.DPO);
    TrainConfig sft = trainConfig(resolved.loop().sftConfig(), Objective.SFT);
    IterationLoop loop =
        new IterationLoop(
            resolved,
            () -> GenerateCommand.session(sparkMaster),
            new DjlModelLoader(resolved.model().maxBatchTokens()),
            dpo,
            sft);
    int code =
        loop.run(
            Optional.ofNullable(from),
            iterations == null ? resolved.loop().iterations() : iterations);
    System.out.println("state: " + loop.stateFile());
    Path root = loop.stateFile().getParent();
    ReportCommand.writeBeside(
        ReportInputs.ofLoop(root),
        root.resolve(SparReport.FILE_NAME).toString(),
        System.out,
        "report: ");
    return code;
  }

  /**
   * The trainer settings a {@code loop.dpo_config} / {@code loop.sft_config} names, found like
   * every other configuration file (working directory, then the SPaR home); the method's defaults
   * when empty.
   */
  static TrainConfig trainConfig(String file, Objective objective) {
    return file.isEmpty()
        ? TrainConfig.defaults(objective)
        : TrainConfig.load(ConfFiles.locate(file).orElse(Paths.get(file)), objective);
  }
}
