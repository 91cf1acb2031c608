package ai.spar.spark;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code spark-submit} entry point: {@code spark-submit --class ai.spar.spark.SparkGenerate
 * <app jar> generate --config FILE [--iteration N] [--input PATH] [--output PATH] [--resume]}.
 */
@Command(
    name = "spar-spark",
    mixinStandardHelpOptions = true,
    subcommands = {GenerateCommand.class},
    description = "SPaR jobs for spark-submit.")
public final class SparkGenerate {
  public static void main(String[] args) {
    int code =
        new CommandLine(new SparkGenerate())
            .setExitCodeExceptionMapper(ExitCodes::forFailure)
            .execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }
}
