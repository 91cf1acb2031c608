package ai.spar.testing;

import ai.spar.judge.PromptTemplate;
import ai.spar.llm.chat.ChatMessage;
import ai.spar.refine.RefinementChat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A scripted SPaR world: prompts are {@code JUDGE|instruction|response|END} and {@code REFINE}; the
 * refinement of response {@code y} numbered {@code i} within its request is {@code y.i}, so node
 * names spell their path; votes come from per-response patterns ({@code Y} yes, {@code N} no,
 * {@code ?} unparseable), default all No.
 */
public final class SparScript {
  public static final PromptTemplate JUDGE =
      new PromptTemplate("judge", "JUDGE|{instruction}|{response}|END");
  public static final PromptTemplate REFINE = new PromptTemplate("refine", "REFINE");

  public final Map<String, List<String>> answers = new HashMap<>();

  /** Response -> vote patterns for its 1st, 2nd, ... judgment (the last one repeats). */
  public final Map<String, List<String>> votes = new HashMap<>();

  /** Response -> how many times it has been judged. */
  public final Map<String, Integer> judged = new HashMap<>();

  /** Overrides the refinement reply of a response (reply from (response, sample)). */
  public Function<String, String> badRefinements = r -> null;

  public String defaultPattern = "NNNNN";
  public final ScriptedLanguageModel model;

  public SparScript() {
    this(new ScriptedLanguageModel("scripted"));
  }

  public SparScript(ScriptedLanguageModel model) {
    this.model = model;
    model
        .on(
            last -> last.startsWith("JUDGE|"),
            (messages, sample, seed) -> judgment(last(messages), sample))
        .on(last -> last.equals("REFINE"), (messages, sample, seed) -> refinement(messages, sample))
        .on(
            last -> true,
            (messages, sample, seed) -> {
              List<String> own = answers.get(last(messages));
              return own == null ? last(messages) + "-a" + sample : own.get(sample);
            });
  }

  public static RefinementChat chat() {
    return new RefinementChat(JUDGE, REFINE);
  }

  public SparScript votes(String response, String... patterns) {
    votes.put(response, List.of(patterns));
    return this;
  }

  private static String last(List<ChatMessage> messages) {
    return messages.get(messages.size() - 1).content();
  }

  private static String responseOf(String judgePrompt) {
    String[] parts = judgePrompt.split("\\|", -1);
    return parts[2];
  }

  private String judgment(String prompt, int sample) {
    String response = responseOf(prompt);
    if (sample == 0) {
      judged.merge(response, 1, Integer::sum);
    }
    List<String> patterns = votes.getOrDefault(response, List.of(defaultPattern));
    int round = Math.min(judged.get(response), patterns.size()) - 1;
    char vote = patterns.get(round).charAt(sample);
    return switch (vote) {
      case 'Y' -> "checked " + response + " vote " + sample + "\nFinal Judgement: Yes";
      case 'N' -> "checked " + response + " vote " + sample + "\nFinal Judgement: No";
      default -> "checked " + response + " vote " + sample + "\nunsure";
    };
  }

  private String refinement(List<ChatMessage> messages, int sample) {
    String response = responseOf(messages.get(0).content());
    String bad = badRefinements.apply(response + "#" + sample);
    if (bad != null) {
      return bad;
    }
    return "reflect on " + response + "\n[[start]]" + response + "." + sample + "[[end]]";
  }
}
