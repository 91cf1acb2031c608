package ai.spar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code spar bench}: performance measurements. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.")
public final class BenchCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
