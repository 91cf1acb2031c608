package ai.spar.trainer.tokens;

import java.util.List;

/**
 * A tokenized data set and the report of what the cutoff did.
 *
 * @param items the kept examples, in data order
 * @param report counts of kept, truncated and dropped examples
 */
public record Tokenized<T>(List<T> items, TokenizationReport report) {
  public Tokenized {
    items = List.copyOf(items);
  }
}
