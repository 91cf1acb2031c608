package ai.spar.data;

/**
 * One sampled judgment.
 *
 * @param text the judgment text
 * @param verdict {@code YES}, {@code NO} or {@code UNPARSEABLE}
 */
public record VoteRecord(String text, String verdict) {}
