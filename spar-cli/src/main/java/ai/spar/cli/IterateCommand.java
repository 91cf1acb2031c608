package ai.spar.cli;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.loop.IterationLoop;
import ai.spar.report.ReportInputs;
import ai.spar.report.SparReport;
import ai.spar.spark.DjlModelLoader;
import ai.spar.spark.GenerateCommand;
import java.nio.file.Path;
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
      "A rejected iteration stops the run; the next run starts the next iteration from the rejected one's starting actor and refiner.",
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
    IterationLoop loop =
        IterationLoop.of(
            resolved,
            () -> GenerateCommand.session(sparkMaster),
            new DjlModelLoader(resolved.model().maxBatchTokens()));
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
}
