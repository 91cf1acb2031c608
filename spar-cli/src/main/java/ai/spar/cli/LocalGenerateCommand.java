package ai.spar.cli;

import ai.spar.config.SparConfig;
import ai.spar.report.ReportInputs;
import ai.spar.report.SparReport;
import ai.spar.spark.GenerateCommand;
import picocli.CommandLine.Command;

/**
 * {@code spar generate}: the Spark job's {@code generate} command, run from the launcher (local
 * Spark unless {@code --spark-master} says otherwise), which also prepares the embedded demo model
 * and instructions when the configuration names them and they are missing, and writes the HTML
 * report of the output's iterations to {@code <output>/report.html}.
 */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Generate one SPaR iteration's data: actor samples, judgments, refinement trees, preference pairs.",
      "Tables land in <output>/iteration=<N>/ as Parquet, with a run manifest _run.json;",
      "the HTML report of every iteration under <output> is written to <output>/report.html.",
      "Runs on local Spark; the same arguments work with spark-submit --class ai.spar.spark.SparkGenerate."
    })
final class LocalGenerateCommand extends GenerateCommand {
  @Override
  protected SparConfig prepare(SparConfig config) {
    return DemoAssets.prepare(config);
  }

  @Override
  public Integer call() {
    int code = super.call();
    String output = resolveConfig().job().output();
    ReportCommand.writeBeside(
        ReportInputs.ofData(output), output + "/" + SparReport.FILE_NAME, System.out, "report: ");
    return code;
  }
}
