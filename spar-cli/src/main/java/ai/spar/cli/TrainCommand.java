package ai.spar.cli;

import ai.spar.trainer.Objective;
import ai.spar.trainer.TrainingResult;
import ai.spar.trainer.TrainingRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spar train}: DPO for the actor and SFT for the refiner. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the next actor (dpo) or refiner (sft).")
final class TrainCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** The command with its subcommands. */
  static CommandLine commandLine() {
    CommandLine train = new CommandLine(new TrainCommand());
    train.addSubcommand(new CommandLine(new Dpo()));
    train.addSubcommand(new CommandLine(new Sft()));
    return train;
  }

  private static int report(TrainingResult result) {
    System.out.printf(
        Locale.ROOT,
        "steps %d/%d, %d examples (%d truncated, %d dropped), %.1f policy tokens/s, final model: %s%n",
        result.steps(),
        result.totalSteps(),
        result.data().examples(),
        result.data().truncated(),
        result.data().dropped(),
        result.tokensPerSecond(),
        result.finalModel().map(Path::toString).orElse("(not reached)"));
    return 0;
  }

  @Command(
      name = "dpo",
      mixinStandardHelpOptions = true,
      description = "DPO (sigmoid + SFT term) on preference pairs.")
  static final class Dpo implements Callable<Integer> {
    @Option(
        names = "--ref-model",
        description = "frozen reference model (default: the starting model)")
    Path refModel;

    @Option(
        names = "--pairs",
        required = true,
        split = ",",
        description = "Parquet files, directories or globs")
    List<String> pairs;

    @Mixin TrainOptions options;

    @Override
    public Integer call() {
      return report(
          TrainingRun.dpo(
              options.model,
              Optional.ofNullable(refModel),
              pairs,
              options.output,
              options.resolve(Objective.DPO),
              Integer.MAX_VALUE,
              options.outputPolicy()));
    }
  }

  @Command(
      name = "sft",
      mixinStandardHelpOptions = true,
      description = "SFT on chat examples (assistant turns).")
  static final class Sft implements Callable<Integer> {
    @Option(
        names = "--examples",
        required = true,
        split = ",",
        description = "Parquet files, directories or globs")
    List<String> examples;

    @Mixin TrainOptions options;

    @Override
    public Integer call() {
      return report(
          TrainingRun.sft(
              options.model,
              examples,
              options.output,
              options.resolve(Objective.SFT),
              Integer.MAX_VALUE,
              options.outputPolicy()));
    }
  }
}
