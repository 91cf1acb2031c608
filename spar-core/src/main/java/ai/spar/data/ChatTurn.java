package ai.spar.data;

/**
 * One message of a training prompt.
 *
 * @param role {@code user} or {@code assistant}
 * @param content the message text
 */
public record ChatTurn(String role, String content) {}
