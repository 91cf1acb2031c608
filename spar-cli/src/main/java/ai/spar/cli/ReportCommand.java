package ai.spar.cli;

import ai.spar.report.ReportInputs;
import ai.spar.report.SparReport;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code spar report}: one self-contained HTML file from a job's output and a loop's state. */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    description = {
      "Write one self-contained HTML report (charts and data inlined; opens offline in any browser)",
      "from a generation job's tables and _run.json, and with --loop the trainer's metrics, the",
      "evaluation per iteration and the gate's decisions. A missing optional input leaves its",
      "section out with a note."
    })
final class ReportCommand implements Callable<Integer> {
  @Option(
      names = "--data",
      description =
          "A job output: its root (all iteration=N below it) or one iteration directory"
              + " (default with --loop: the data the loop recorded).",
      paramLabel = "PATH")
  String data;

  @Option(
      names = "--loop",
      description = "A loop root (the directory holding iterations.json).",
      paramLabel = "DIR")
  Path loop;

  @Option(
      names = "--out",
      defaultValue = SparReport.FILE_NAME,
      description = "The HTML file to write (default: ${DEFAULT-VALUE}).",
      paramLabel = "FILE")
  String out;

  @Override
  public Integer call() {
    String written =
        SparReport.write(
            new ReportInputs(Optional.ofNullable(data), Optional.ofNullable(loop)), out);
    System.out.println("report: " + written);
    return 0;
  }

  /**
   * Writes the report of a command's outputs and prints its path on {@code console}; a report that
   * cannot be written is reported on that line and does not fail the command (its data is
   * complete).
   */
  static void writeBeside(ReportInputs inputs, String out, PrintStream console, String label) {
    try {
      console.println(label + SparReport.write(inputs, out));
    } catch (RuntimeException e) {
      console.println(label + "not written: " + e.getMessage());
    }
  }
}
