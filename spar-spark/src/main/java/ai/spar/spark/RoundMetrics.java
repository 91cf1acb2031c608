package ai.spar.spark;

import ai.spar.data.RoundStats;

/**
 * What one self-play round in one task did; summed into its chunk's {@link ChunkMetrics} and from
 * there into the run manifest.
 *
 * @param partition the Spark partition that ran the round
 * @param round the round's index within its partition
 * @param stats the round's outcome counts, waves, tree nodes and wall time
 * @param modelCalls {@code generate} calls to the actor and refiner
 * @param requests generation requests in those calls
 * @param promptTokens prompt tokens of those requests
 * @param generatedTokens generated tokens
 */
public record RoundMetrics(
    int partition,
    int round,
    RoundStats stats,
    long modelCalls,
    long requests,
    long promptTokens,
    long generatedTokens) {}
