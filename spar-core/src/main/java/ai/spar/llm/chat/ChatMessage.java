package ai.spar.llm.chat;

import com.google.common.base.Preconditions;

/**
 * One turn of a chat.
 *
 * @param role {@code system}, {@code user} or {@code assistant} (templates may accept others)
 * @param content the turn's text
 */
public record ChatMessage(String role, String content) {
  public static final String SYSTEM = "system";
  public static final String USER = "user";
  public static final String ASSISTANT = "assistant";

  public ChatMessage {
    Preconditions.checkArgument(role != null && !role.isBlank(), "role must not be blank");
    Preconditions.checkArgument(content != null, "content of a %s message must not be null", role);
  }

  public static ChatMessage user(String content) {
    return new ChatMessage(USER, content);
  }

  public static ChatMessage assistant(String content) {
    return new ChatMessage(ASSISTANT, content);
  }

  public static ChatMessage system(String content) {
    return new ChatMessage(SYSTEM, content);
  }
}
