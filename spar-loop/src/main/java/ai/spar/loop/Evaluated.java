package ai.spar.loop;

/**
 * What the evaluate step committed.
 *
 * @param metrics M_{t+1}'s scores on the test set, with its dev-set scores
 */
public record Evaluated(IfevalScores metrics) {}
