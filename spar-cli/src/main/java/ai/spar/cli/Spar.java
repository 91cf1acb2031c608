package ai.spar.cli;

import ai.spar.spark.ExitCodes;
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
    cli.addSubcommand(new AnswerCommand());
    cli.addSubcommand(new InstructionsCommand());
    cli.addSubcommand(
        "model",
        new CommandLine(new ModelCommand())
            .addSubcommand("init", new ModelInitCommand())
            .addSubcommand("logits", new ModelLogitsCommand())
            .addSubcommand("generate", new ModelGenerateCommand())
            .addSubcommand("convert", new ModelConvertCommand()));
    cli.addSubcommand(
        "miniature",
        new CommandLine(new MiniatureCommand())
            .addSubcommand("data", new MiniatureDataCommand())
            .addSubcommand("model", new MiniatureModelCommand()));
    cli.addSubcommand(
        "bench",
        new CommandLine(new BenchCommand())
            .addSubcommand("generate", new BenchGenerateCommand())
            .addSubcommand("search", new BenchSearchCommand())
            .addSubcommand("train", new BenchTrainCommand())
            .addSubcommand("job", new BenchJobCommand())
            .addSubcommand("miniature", new BenchMiniatureCommand())
            .addSubcommand("serve", new BenchServeCommand()));
    cli.addSubcommand(TrainCommand.commandLine());
    cli.addSubcommand(new LocalGenerateCommand());
    cli.addSubcommand(new IterateCommand());
    cli.addSubcommand(new ReportCommand());
    cli.addSubcommand(new DemoCommand());
    cli.addSubcommand(new ServeCommand());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    cli.setExecutionExceptionHandler(Spar::reportFailure);
    return cli;
  }

  /**
   * A command that fails prints one line naming the command and the cause (the full stack trace
   * with {@code SPAR_DEBUG=1}) and exits 1 (5 when another run holds the output), so operators and
   * schedulers see what went wrong.
   */
  static int reportFailure(Exception e, CommandLine command, CommandLine.ParseResult parseResult) {
    command.getErr().println("spar " + command.getCommandName() + ": error: " + describe(e));
    if ("1".equals(System.getenv("SPAR_DEBUG"))) {
      e.printStackTrace(command.getErr());
    } else {
      command.getErr().println("(run with SPAR_DEBUG=1 for the stack trace)");
    }
    return ExitCodes.forFailure(e);
  }

  private static String describe(Throwable e) {
    StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause();
        cause != null && cause != cause.getCause();
        cause = cause.getCause()) {
      if (cause.getMessage() != null && !message.toString().contains(cause.getMessage())) {
        message.append(": ").append(cause.getMessage());
      }
    }
    return message.toString();
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
