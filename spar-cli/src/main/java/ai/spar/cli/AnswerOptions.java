package ai.spar.cli;

import ai.spar.ifeval.IfevalScorer;
import ai.spar.llm.SamplingParams;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * How a command draws one answer per prompt ({@code --tree-search}, {@code --temperature}, {@code
 * --top-p}, {@code --max-new-tokens}), as a picocli mixin shared by {@code answer} and {@code eval
 * ifeval}. Each command keeps its own {@code --seed}, whose meaning differs.
 */
public final class AnswerOptions {
  /** The longest answer by default: IFEval's budget. */
  public static final int DEFAULT_MAX_NEW_TOKENS = IfevalScorer.DEFAULT_MAX_NEW_TOKENS;

  @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
  CommandLine.Model.CommandSpec mixee;

  @Option(
      names = "--tree-search",
      description = "judge every answer and refine failed ones with the configured tree search")
  boolean treeSearch;

  @Option(
      names = "--temperature",
      paramLabel = "T",
      description = "0 is greedy (default: ${DEFAULT-VALUE})")
  double temperature = 0;

  @Option(names = "--top-p", paramLabel = "P", description = "default: ${DEFAULT-VALUE}")
  double topP = 1.0;

  @Option(
      names = "--max-new-tokens",
      paramLabel = "N",
      description = "longest answer (default: ${DEFAULT-VALUE})")
  int maxNewTokens = DEFAULT_MAX_NEW_TOKENS;

  /** Whether {@code --tree-search} was given. */
  public boolean treeSearch() {
    return treeSearch;
  }

  /**
   * One answer per prompt ({@code n = 1}) with the given seed; a usage error names a bad flag
   * value.
   */
  public SamplingParams sampling(long seed) {
    try {
      return new SamplingParams(temperature, topP, 0, maxNewTokens, 1, List.of(), seed);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.ParameterException(mixee.commandLine(), e.getMessage(), e);
    }
  }
}
