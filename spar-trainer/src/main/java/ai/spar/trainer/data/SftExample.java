package ai.spar.trainer.data;

import ai.spar.llm.chat.ChatMessage;
import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Set;

/**
 * One supervised example: a conversation and the indices of the assistant turns that are targets.
 * Every other turn is context (masked out of the loss).
 *
 * @param source the file and row the example came from
 * @param messages the whole conversation
 * @param targets indices into {@code messages} of the trained turns; each is an assistant turn
 */
public record SftExample(RowSource source, List<ChatMessage> messages, Set<Integer> targets) {
  public SftExample {
    Preconditions.checkArgument(source != null, "source must not be null");
    messages = List.copyOf(messages);
    targets = Set.copyOf(targets);
    Preconditions.checkArgument(
        !targets.isEmpty(), "%s must have at least one trained assistant turn", source);
    for (int t : targets) {
      Preconditions.checkArgument(
          t >= 0 && t < messages.size() && messages.get(t).role().equals(ChatMessage.ASSISTANT),
          "target turn %s of %s must be an assistant turn in [0, %s)",
          t,
          source,
          messages.size());
    }
  }
}
