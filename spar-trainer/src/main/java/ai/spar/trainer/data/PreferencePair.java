package ai.spar.trainer.data;

import ai.spar.llm.chat.ChatMessage;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * One DPO pair: a prompt (chat turns ending with a user turn) and two responses.
 *
 * @param source the file and row the pair came from
 * @param prompt the prompt turns; for the job's {@code actor_pairs} the single user turn
 * @param chosen the preferred continuation (usually one assistant turn)
 * @param rejected the dispreferred continuation (usually one assistant turn)
 */
public record PreferencePair(
    RowSource source,
    List<ChatMessage> prompt,
    List<ChatMessage> chosen,
    List<ChatMessage> rejected) {
  public PreferencePair {
    Preconditions.checkArgument(source != null, "source must not be null");
    prompt = List.copyOf(prompt);
    chosen = List.copyOf(chosen);
    rejected = List.copyOf(rejected);
    Preconditions.checkArgument(!prompt.isEmpty(), "prompt of %s must not be empty", source);
    Preconditions.checkArgument(
        chosen.stream().anyMatch(m -> m.role().equals(ChatMessage.ASSISTANT)),
        "chosen of %s must contain an assistant turn",
        source);
    Preconditions.checkArgument(
        rejected.stream().anyMatch(m -> m.role().equals(ChatMessage.ASSISTANT)),
        "rejected of %s must contain an assistant turn",
        source);
  }
}
