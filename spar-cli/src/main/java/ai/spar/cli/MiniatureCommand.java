package ai.spar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code spar miniature}: the miniature SPaR that trains from scratch on a CPU. */
@Command(
    name = "miniature",
    mixinStandardHelpOptions = true,
    description = "The miniature: synthesized tasks, a programmatic teacher, a tiny model.")
public final class MiniatureCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
