package ai.spar.bench;

import ai.spar.data.RoundStats;

/**
 * What one benchmarked round cost.
 *
 * @param policy the search policy
 * @param instructions instructions in the round
 * @param modelCalls {@code generate} calls over the round
 * @param requests requests over all calls
 * @param requestsPerCall batch occupancy: requests / calls
 * @param generatedTokens generated tokens over the round
 * @param generatedTokensPerInstruction generated tokens / instructions
 * @param millis wall time
 * @param round the round's own counts (outcomes, waves, tree nodes)
 */
public record SelfPlayBenchmarkResult(
    String policy,
    int instructions,
    long modelCalls,
    long requests,
    double requestsPerCall,
    long generatedTokens,
    double generatedTokensPerInstruction,
    long millis,
    RoundStats round) {}
