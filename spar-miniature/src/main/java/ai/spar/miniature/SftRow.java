package ai.spar.miniature;

import ai.spar.llm.chat.ChatMessage;
import com.google.common.base.Preconditions;
import java.util.List;
import java.util.Locale;

/**
 * One supervised example of the miniature's SFT mixture, in the trainer's SFT form: the prompt
 * turns and the target assistant reply.
 *
 * @param instructionId the id of the task the example was made from
 * @param kind which of the three tasks the example teaches
 * @param messages the prompt turns (the last one is a user turn)
 * @param completion the target assistant reply
 */
public record SftRow(
    String instructionId, Kind kind, List<ChatMessage> messages, String completion) {

  /** The three tasks of the mixture. */
  public enum Kind {
    /** Answer an instruction (the actor's task). */
    ANSWER,
    /** Judge a response that follows the instruction (verdict Yes). */
    JUDGMENT_YES,
    /** Judge a response that breaks one constraint (verdict No). */
    JUDGMENT_NO,
    /** Refine a failed response given its critique (the refiner's 3-turn chat). */
    REFINEMENT;

    /** The lower-case name written to the {@code kind} column. */
    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public SftRow {
    Preconditions.checkArgument(
        instructionId != null && !instructionId.isBlank(), "instructionId must not be blank");
    Preconditions.checkArgument(kind != null, "kind must not be null");
    Preconditions.checkArgument(
        messages != null && !messages.isEmpty(), "messages must hold the prompt turns");
    Preconditions.checkArgument(
        messages.get(messages.size() - 1).role().equals(ChatMessage.USER),
        "the last prompt turn must be a user turn, but was: %s",
        messages.get(messages.size() - 1).role());
    Preconditions.checkArgument(
        completion != null && !completion.isBlank(), "completion must not be blank");
    messages = List.copyOf(messages);
  }
}
