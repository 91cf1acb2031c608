package ai.spar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code spar eval}: evaluations of a model or of its responses. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = "Evaluate responses or a model.",
    subcommands = {EvalIfevalCommand.class})
public final class EvalCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
