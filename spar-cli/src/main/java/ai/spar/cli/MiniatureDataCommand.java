package ai.spar.cli;

import ai.spar.config.PromptsConfig;
import ai.spar.config.SparConfig;
import ai.spar.miniature.MiniatureTokenizer;
import ai.spar.miniature.SftMixture;
import ai.spar.miniature.dataset.MiniatureDataConfig;
import ai.spar.miniature.dataset.MiniatureDataSummary;
import ai.spar.miniature.dataset.MiniatureDataset;
import ai.spar.refine.RefinementChat;
import ai.spar.selfplay.SelfPlayStages;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code spar miniature data}: writes the miniature's tokenizer, initial checkpoint, SFT mixture
 * (Parquet), SPaR training and held-out evaluation instructions (JSONL), and prints a summary.
 */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    description =
        "Write the miniature's tokenizer, initial checkpoint, SFT Parquet and instruction sets.")
public final class MiniatureDataCommand implements Callable<Integer> {
  @Option(names = "--out", required = true, description = "output directory")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "" + MiniatureDataConfig.DEFAULT_SEED,
      description = "seed of synthesis, mixture and weights (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(
      names = "--sft",
      defaultValue = "" + MiniatureDataConfig.DEFAULT_SFT,
      description = "instructions in the SFT mixture (default: ${DEFAULT-VALUE})")
  int sft;

  @Option(
      names = "--train",
      defaultValue = "" + MiniatureDataConfig.DEFAULT_TRAIN,
      description = "instructions for the SPaR iterations (default: ${DEFAULT-VALUE})")
  int train;

  @Option(
      names = "--eval",
      defaultValue = "" + MiniatureDataConfig.DEFAULT_EVAL,
      description = "held-out evaluation instructions (default: ${DEFAULT-VALUE})")
  int eval;

  @Option(
      names = "--bpe-size",
      defaultValue = "" + MiniatureTokenizer.DEFAULT_BPE_SIZE,
      description = "tokenizer BPE symbols, bytes plus merges (default: ${DEFAULT-VALUE})")
  int bpeSize;

  @Option(
      names = "--imperfect-answers",
      defaultValue = "" + SftMixture.DEFAULT_IMPERFECT_ANSWER_RATE,
      description = "share of SFT answers that break one constraint (default: ${DEFAULT-VALUE})")
  double imperfectAnswers;

  @Option(
      names = "--judgment-pairs",
      defaultValue = "" + SftMixture.DEFAULT_JUDGMENT_PAIRS,
      description =
          "most (Yes, No) judgment pairs per SFT instruction, one per violated constraint"
              + " (default: ${DEFAULT-VALUE})")
  int judgmentPairs;

  @Option(
      names = "--weak-constraints",
      split = ",",
      description =
          "IFEval ids whose SFT answers mostly break them (an actor that can judge and fix them but"
              + " does not follow them), comma-separated (default: none)")
  List<String> weakConstraints = List.of();

  @Option(
      names = "--weak-violation-rate",
      defaultValue = "0",
      description = "share of answers to tasks with a weak constraint that break it (default: 0)")
  double weakViolationRate;

  @Option(
      names = "--content-variants",
      description =
          "write judgment and refinement rows from other content than the answer, so the refiner"
              + " learns to edit the response it is given")
  boolean contentVariants;

  @Option(
      names = "--judge-prompt",
      defaultValue = PromptsConfig.DEFAULT_JUDGE,
      description = "judgment prompt file (default: ${DEFAULT-VALUE})")
  Path judgePrompt;

  @Option(
      names = "--refine-prompt",
      defaultValue = PromptsConfig.DEFAULT_REFINE,
      description = "refinement prompt file (default: ${DEFAULT-VALUE})")
  Path refinePrompt;

  @Override
  public Integer call() {
    MiniatureDataConfig config =
        new MiniatureDataConfig(
            seed,
            sft,
            train,
            eval,
            bpeSize,
            imperfectAnswers,
            judgmentPairs,
            weakConstraints,
            weakViolationRate,
            contentVariants);
    RefinementChat chat =
        SelfPlayStages.read(
                SparConfig.defaults()
                    .withPrompts(
                        new PromptsConfig(judgePrompt.toString(), refinePrompt.toString())))
            .chat();
    MiniatureDataSummary s = MiniatureDataset.write(config, chat, out);
    System.out.printf(
        Locale.ROOT,
        "wrote %s%n  instructions: %d SFT, %d train, %d eval (disjoint)%n"
            + "  SFT rows: %s%n  tokenizer: %d ids%n  model-init: %,d parameters%n",
        out,
        sft,
        train,
        eval,
        s.rowsByKind(),
        s.vocabSize(),
        s.parameterCount());
    System.out.println("  tokens per row (p50 / p95 / max):");
    for (Map.Entry<String, Map<String, Integer>> e : s.tokenLengths().entrySet()) {
      System.out.printf(
          Locale.ROOT,
          "    %-13s %4d / %4d / %4d%n",
          e.getKey(),
          e.getValue().get("p50"),
          e.getValue().get("p95"),
          e.getValue().get("max"));
    }
    System.out.printf(
        Locale.ROOT,
        "  rows over the context: %d%n  times (ms): %s%n",
        s.overContext(),
        s.millis());
    return 0;
  }
}
