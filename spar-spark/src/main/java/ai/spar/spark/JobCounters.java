package ai.spar.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * The job's progress accumulators, updated by tasks after every round and read by the driver's
 * progress log. Task retries may count twice here; the exact figures in the run manifest come from
 * the chunks' {@link ChunkMetrics} instead.
 */
public final class JobCounters implements Serializable {
  private static final long serialVersionUID = 1L;

  static final String INSTRUCTIONS = "spar.instructions";
  static final String PAIRS = "spar.pairs";
  static final String TOKENS = "spar.generated_tokens";
  static final String ROUNDS = "spar.rounds";

  private final LongAccumulator instructions;
  private final LongAccumulator pairs;
  private final LongAccumulator tokens;
  private final LongAccumulator rounds;

  public JobCounters(SparkContext context) {
    this.instructions = context.longAccumulator(INSTRUCTIONS);
    this.pairs = context.longAccumulator(PAIRS);
    this.tokens = context.longAccumulator(TOKENS);
    this.rounds = context.longAccumulator(ROUNDS);
  }

  void roundDone(int batchInstructions, int batchPairs, long generatedTokens) {
    instructions.add(batchInstructions);
    pairs.add(batchPairs);
    tokens.add(generatedTokens);
    rounds.add(1);
  }

  /** Self-play rounds executed (every execution, retries included). */
  public long rounds() {
    return rounds.value();
  }

  public long instructions() {
    return instructions.value();
  }

  public long pairs() {
    return pairs.value();
  }

  public long tokens() {
    return tokens.value();
  }
}
