package ai.spar.trainer.tokens;

import com.google.common.base.Preconditions;

/**
 * What tokenization did to a data set; logged and written to the metrics so that no cut is silent.
 *
 * @param examples examples read
 * @param kept examples that train (fitting or truncated)
 * @param truncated kept examples that were cut at the cutoff
 * @param dropped examples left out (over the cutoff with {@link OverLength#DROP}, or with no target
 *     left after truncation)
 * @param tokens tokens of the kept examples (both sequences of a pair)
 * @param targetTokens target tokens of the kept examples
 */
public record TokenizationReport(
    int examples, int kept, int truncated, int dropped, long tokens, long targetTokens) {
  public TokenizationReport {
    Preconditions.checkArgument(
        kept + dropped == examples,
        "kept (%s) + dropped (%s) must equal examples (%s)",
        kept,
        dropped,
        examples);
    Preconditions.checkArgument(
        truncated <= kept, "truncated (%s) must be <= kept (%s)", truncated, kept);
  }
}
