package ai.spar.spark;

import ai.spar.data.Lineage;
import java.io.Serializable;

/**
 * What the self-play rounds of a chunk did, summed over its tasks: the run manifest's traffic
 * figures and lineage. Tasks add their rounds through a {@link RoundMetricsAccumulator}; the driver
 * keeps each committed chunk's sums in the chunk's marker, so a resumed run still counts the chunks
 * it reused.
 *
 * @param rounds self-play rounds (batches), invalid-only batches included
 * @param modelCalls {@code generate} calls to the actor and refiner
 * @param requests generation requests in those calls
 * @param promptTokens prompt tokens of those requests
 * @param generatedTokens generated tokens
 * @param roundMillis summed wall time of the rounds in their tasks
 * @param lineage the provenance the tasks stamped on their records, or {@code null} before any
 *     round
 */
public record ChunkMetrics(
    long rounds,
    long modelCalls,
    long requests,
    long promptTokens,
    long generatedTokens,
    long roundMillis,
    Lineage lineage)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Nothing done yet. */
  public static final ChunkMetrics NONE = new ChunkMetrics(0, 0, 0, 0, 0, 0, null);

  /** One round's figures and the lineage its records carry. */
  static ChunkMetrics of(RoundMetrics round, Lineage lineage) {
    return new ChunkMetrics(
        1,
        round.modelCalls(),
        round.requests(),
        round.promptTokens(),
        round.generatedTokens(),
        round.stats().millis(),
        lineage);
  }

  /**
   * The sums of both; the lineage is this one's when set (every task of a run stamps the same one:
   * the models and configuration of the run).
   */
  public ChunkMetrics plus(ChunkMetrics other) {
    return new ChunkMetrics(
        rounds + other.rounds,
        modelCalls + other.modelCalls,
        requests + other.requests,
        promptTokens + other.promptTokens,
        generatedTokens + other.generatedTokens,
        roundMillis + other.roundMillis,
        lineage != null ? lineage : other.lineage);
  }
}
