package ai.spar.refine;

import ai.spar.judge.PromptTemplate;
import ai.spar.llm.chat.ChatMessage;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * Builds the refine chat of the method: [user: judgment prompt(x, y), assistant: critique of y,
 * user: refinement prompt]. Pure and thread-safe.
 */
public final class RefinementChat {
  private final PromptTemplate judgePrompt;
  private final PromptTemplate refinePrompt;

  /**
   * @param judgePrompt the judgment prompt, with {@code {instruction}} and {@code {response}}
   * @param refinePrompt the refinement instruction; {@code {instruction}} and {@code {response}}
   *     are optional
   */
  public RefinementChat(PromptTemplate judgePrompt, PromptTemplate refinePrompt) {
    Preconditions.checkArgument(judgePrompt != null, "judgePrompt must not be null");
    Preconditions.checkArgument(refinePrompt != null, "refinePrompt must not be null");
    this.judgePrompt = judgePrompt.requiring(PromptTemplate.JUDGMENT_PLACEHOLDERS);
    this.refinePrompt = refinePrompt;
  }

  /** The three turns that ask for a refinement of {@code response} given its {@code critique}. */
  public List<ChatMessage> messages(String instruction, String response, String critique) {
    return List.of(
        ChatMessage.user(judgePrompt.render(instruction, response)),
        ChatMessage.assistant(critique),
        ChatMessage.user(refinePrompt.render(instruction, response)));
  }

  /** The judgment prompt template (for building a judge that asks the same question). */
  public PromptTemplate judgePrompt() {
    return judgePrompt;
  }

  /** The single user turn that asks for a judgment of {@code response}. */
  public String judgmentPrompt(String instruction, String response) {
    return judgePrompt.render(instruction, response);
  }
}
