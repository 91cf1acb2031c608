package ai.spar.search;

/**
 * What one {@link WaveScheduler#run} did.
 *
 * @param waves waves run (each: one refinement batch, then judgment batches)
 * @param refineBatches refinement batches handed to the refiner (each costs up to format-attempts
 *     model calls)
 * @param judgeBatches judgment batches handed to the judge (one per wave plus one per tie
 *     re-judging round)
 * @param refineRequests refine requests over all batches (one per expanded node)
 * @param judgeItems judgment items over all batches
 */
public record WaveStats(
    int waves, int refineBatches, int judgeBatches, int refineRequests, int judgeItems) {}
