package ai.spar.llm;

import ai.spar.llm.chat.ChatMessage;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * What a model is asked to continue: chat messages rendered with the model's own chat template, raw
 * text tokenized as is, or token ids.
 */
public sealed interface Prompt {

  /**
   * Chat messages, rendered with the model's chat template.
   *
   * @param addGenerationPrompt whether the template appends the assistant header (true when asking
   *     for a reply)
   */
  record Chat(List<ChatMessage> messages, boolean addGenerationPrompt) implements Prompt {
    public Chat {
      Preconditions.checkArgument(
          messages != null && !messages.isEmpty(), "chat prompt needs at least one message");
      messages = List.copyOf(messages);
    }
  }

  /** Raw text, tokenized without any template (special tokens in the text are honoured). */
  record Text(String text) implements Prompt {
    public Text {
      Preconditions.checkArgument(text != null, "text must not be null");
    }
  }

  /** Token ids given directly. */
  record Tokens(List<Integer> ids) implements Prompt {
    public Tokens {
      Preconditions.checkArgument(ids != null && !ids.isEmpty(), "token prompt must not be empty");
      ids = List.copyOf(ids);
    }
  }

  /** A chat with the generation prompt appended: the usual way to ask for an assistant reply. */
  static Prompt chat(List<ChatMessage> messages) {
    return new Chat(messages, true);
  }

  /** A single user turn. */
  static Prompt user(String content) {
    return chat(List.of(ChatMessage.user(content)));
  }

  static Prompt text(String text) {
    return new Text(text);
  }
}
