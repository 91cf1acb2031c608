package ai.spar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code spar model}: make, inspect and run Hugging Face-layout checkpoints. */
@Command(
    name = "model",
    mixinStandardHelpOptions = true,
    description = "Create random checkpoints, print logits, generate text.")
public final class ModelCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
