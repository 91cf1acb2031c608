package ai.spar.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code spar} command: one launcher for every subcommand. */
@Command(
    name = "spar",
    mixinStandardHelpOptions = true,
    versionProvider = Spar.Version.class,
    description = "SPaR: self-play with tree-search refinement for instruction following.",
    subcommands = {CommandLine.HelpCommand.class})
public final class Spar implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line with every subcommand registered (the one registry of commands). */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new Spar());
    cli.addSubcommand(new EvalCommand());
    cli.addSubcommand(new InstructionsCommand());
    cli.addSubcommand(
        "model",
        new CommandLine(new ModelCommand())
            .addSubcommand("init", new ModelInitCommand())
            .addSubcommand("logits", new ModelLogitsCommand())
            .addSubcommand("generate", new ModelGenerateCommand()));
    cli.addSubcommand(
        "miniature",
        new CommandLine(new MiniatureCommand()).addSubcommand("data", new MiniatureDataCommand()));
    cli.addSubcommand(
        "bench",
        new CommandLine(new BenchCommand())
            .addSubcommand("generate", new BenchGenerateCommand())
            .addSubcommand("miniature", new BenchMiniatureCommand()));
    cli.addSubcommand(TrainCommand.commandLine());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** Reports the project version from the jar manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Spar.class.getPackage().getImplementationVersion();
      return new String[] {"spar " + (v == null ? "development build" : v)};
    }
  }
}
