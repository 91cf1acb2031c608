package ai.spar.cli;

import ai.spar.bench.BenchmarkHeadline;
import ai.spar.bench.MiniatureDemo;
import ai.spar.loop.Generated;
import ai.spar.loop.IfevalScores;
import ai.spar.loop.LoopState.IterationRecord;
import ai.spar.loop.LoopState.Steps;
import ai.spar.report.ReportInputs;
import ai.spar.report.SparReport;
import ai.spar.spark.OutputTable;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spar demo}: the embedded default. Parses its options, runs {@link MiniatureDemo} (one full
 * SPaR iteration of the shipped miniature: local Spark generation with tree search, DPO for the
 * actor, SFT for the refiner, evaluation before and after) and explains what came out.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run one complete SPaR iteration on a small model and bundled data, then explain the results.",
      "Everything lands under --root (default work/demo); the model is cached under work/models/."
    })
final class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--root",
      defaultValue = "work/demo",
      description = "Where the demo writes (default: ${DEFAULT-VALUE}).")
  Path root;

  @Option(
      names = "--instructions",
      defaultValue = "16",
      description = "Training instructions (default: ${DEFAULT-VALUE}).")
  int instructions;

  @Option(
      names = "--eval-prompts",
      defaultValue = "12",
      description = "Held-out evaluation prompts (default: ${DEFAULT-VALUE}).")
  int evalPrompts;

  @Option(
      names = "--spark-master",
      description = "Spark master (default: local[*]).",
      paramLabel = "URL")
  String sparkMaster;

  @Override
  public Integer call() {
    long start = System.nanoTime();
    MiniatureDemo demo =
        new MiniatureDemo(
            root, Paths.get("work/models/miniature"), instructions, evalPrompts, sparkMaster);
    MiniatureDemo.Inputs inputs = demo.prepare();

    System.out.println("SPaR demo");
    System.out.println("=========");
    System.out.printf(Locale.ROOT, "model:        %s%n", inputs.model());
    System.out.println(
        "              the miniature: a 4M-parameter Llama this project trained from scratch on its own"
            + " synthetic tasks (see its README and conf/miniature/README.md).");
    BenchmarkHeadline.read().ifPresent(h -> System.out.println(h.describe("              ")));
    System.out.printf(
        Locale.ROOT, "instructions: %s (%d verifiable tasks)%n", inputs.input(), instructions);
    System.out.printf(
        Locale.ROOT, "evaluation:   %s (%d held-out prompts)%n%n", inputs.eval(), evalPrompts);

    MiniatureDemo.Result result = demo.run(inputs);
    summarize(result, demo.loopRoot(), (System.nanoTime() - start) / 1_000_000_000.0);
    return result.exitCode();
  }

  private void summarize(MiniatureDemo.Result result, Path loopRoot, double seconds) {
    IterationRecord record = result.iteration();
    Steps steps = record.steps();
    Generated generated = steps.generate().outputs();
    System.out.println();
    System.out.println("Results of iteration 0");
    System.out.println("----------------------");
    System.out.printf(
        Locale.ROOT, "outcomes:     %s%n", ConsoleFormat.counts(generated.outcomes()));
    System.out.printf(
        Locale.ROOT,
        "pairs found:  %s actor pairs, %s refiner examples, %s refiner pairs%n",
        generated.rows(OutputTable.ACTOR_PAIRS.tableName()),
        generated.rows(OutputTable.REFINER_SFT.tableName()),
        generated.rows(OutputTable.REFINER_PAIRS.tableName()));
    result.pair().ifPresent(DemoCommand::showPair);
    System.out.printf(
        Locale.ROOT,
        "%-14s%s%n",
        "train actor:",
        ConsoleFormat.training(steps.trainActor().outputs()));
    System.out.printf(
        Locale.ROOT,
        "%-14s%s%n",
        "train refiner:",
        ConsoleFormat.training(steps.trainRefiner().outputs()));
    IfevalScores before = record.baseline();
    IfevalScores after = steps.evaluate().outputs().metrics();
    System.out.printf(
        Locale.ROOT,
        "accuracy:     prompt-level strict %.3f -> %.3f, instruction-level strict %.3f -> %.3f%n",
        before.promptStrict(),
        after.promptStrict(),
        before.instructionStrict(),
        after.instructionStrict());
    System.out.printf(
        Locale.ROOT, "gate:         %s%n", ConsoleFormat.gate(steps.gate().outputs()));
    String data = generated.data();
    System.out.printf(
        Locale.ROOT,
        "tables:       %s/{outcomes,samples,trees,actor_pairs,refiner_sft,refiner_pairs}%n",
        data);
    System.out.printf(Locale.ROOT, "state:        %s%n", result.state());
    System.out.println(
        "try:          spark-sql -e \"SELECT outcome, count(*) FROM parquet.\\`"
            + data
            + "/outcomes\\` GROUP BY outcome\"");
    ReportCommand.writeBeside(
        ReportInputs.ofLoop(loopRoot),
        root.toAbsolutePath().resolve(SparReport.FILE_NAME).toString(),
        System.out,
        "report:       ");
    System.out.printf(Locale.ROOT, "time:         %.0f s%n", seconds);
  }

  private static void showPair(MiniatureDemo.ExamplePair pair) {
    System.out.println("example pair (rejected -> chosen; [-removed-] {+added+}):");
    System.out.println("  prompt:   " + oneLine(pair.prompt()));
    System.out.println("  diff:     " + oneLine(WordDiff.of(pair.rejected(), pair.chosen())));
    System.out.println(
        "  checkers: "
            + (pair.confirmed()
                ? "confirmed by the IFEval checkers: the rejected answer fails, the chosen passes"
                : "NOT confirmed by the IFEval checkers (the judge erred)"));
  }

  private static String oneLine(String text) {
    String flat = text.replace('\n', ' ');
    return flat.length() > 160 ? flat.substring(0, 157) + "..." : flat;
  }
}
