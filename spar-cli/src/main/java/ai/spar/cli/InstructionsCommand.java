package ai.spar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code spar instructions}: tools for instruction data. */
@Command(
    name = "instructions",
    mixinStandardHelpOptions = true,
    description = "Make or inspect instruction data.",
    subcommands = {InstructionsSynthCommand.class})
public final class InstructionsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
