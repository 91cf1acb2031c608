package ai.spar.cli;

import ai.spar.ifeval.IfevalPrompt;
import ai.spar.ifeval.IfevalScorer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spar eval ifeval}: scores a JSONL file of responses on the IFEval prompts, writes one
 * scored row per response and a summary JSON beside it, and prints the accuracy table. Exit code 2
 * when some rows matched no prompt.
 */
@Command(
    name = "ifeval",
    mixinStandardHelpOptions = true,
    description = "Score responses with the IFEval verifiers (strict and loose).")
public final class EvalIfevalCommand implements Callable<Integer> {

  @Option(
      names = "--input-data",
      paramLabel = "FILE",
      description =
          "IFEval prompts JSONL (key, prompt, instruction_id_list, kwargs); default: the bundled 541.")
  Path inputData;

  @Option(
      names = "--responses",
      paramLabel = "FILE",
      required = true,
      description =
          "JSONL rows with 'response' and 'key' or the exact 'prompt'; other fields are carried.")
  Path responses;

  @Option(
      names = "--output",
      paramLabel = "FILE",
      required = true,
      description = "Scored rows (JSONL); the summary goes beside it as <name>.summary.json.")
  Path output;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    List<IfevalPrompt> prompts =
        inputData == null ? IfevalPrompt.bundled() : IfevalPrompt.read(inputData);
    IfevalScorer.Scoring scoring =
        new IfevalScorer(prompts).score(IfevalScorer.readRows(responses), responses.toString());
    IfevalScorer.write(scoring, output);
    PrintWriter out = spec.commandLine().getOut();
    out.print(scoring.report().toTable());
    out.println("scores: " + output + ", summary: " + IfevalScorer.reportPath(output));
    out.flush();
    return scoring.report().unmatched().isEmpty() ? 0 : 2;
  }
}
