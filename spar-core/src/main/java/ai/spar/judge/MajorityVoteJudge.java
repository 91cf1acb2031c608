package ai.spar.judge;

import ai.spar.config.JudgeConfig;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;

/**
 * The refiner's judge: N sampled judgments per response from one request ({@code n = N}, so the
 * prompt is prefilled once), parsed into verdicts and tallied by {@link Judgment#fromVotes}. One
 * {@code generate} call per batch.
 */
public final class MajorityVoteJudge implements Judge {
  private final LanguageModel model;
  private final PromptTemplate prompt;
  private final VerdictParser parser;
  private final JudgeConfig config;

  /**
   * @param model the refiner model; not closed by this judge
   * @param prompt the judgment prompt with {@code {instruction}} and {@code {response}}
   * @param config votes, sampling and the verdict rule
   */
  public MajorityVoteJudge(LanguageModel model, PromptTemplate prompt, JudgeConfig config) {
    Preconditions.checkArgument(model != null, "model must not be null");
    Preconditions.checkArgument(prompt != null, "prompt must not be null");
    Preconditions.checkArgument(config != null, "config must not be null");
    this.model = model;
    this.prompt = prompt.requiring(PromptTemplate.JUDGMENT_PLACEHOLDERS);
    this.parser = VerdictParser.of(config.verdict());
    this.config = config;
  }

  /**
   * The user turn that asks for a judgment of {@code response}; also the prompt of judgment
   * training examples.
   */
  public String judgmentPrompt(String instruction, String response) {
    return prompt.render(instruction, response);
  }

  @Override
  public List<Judgment> judge(List<JudgeItem> items) {
    if (items.isEmpty()) {
      return List.of();
    }
    List<GenerationRequest> requests = new ArrayList<>(items.size());
    for (JudgeItem item : items) {
      SamplingParams sampling = config.sampling(item.seed());
      requests.add(
          new GenerationRequest(
              Prompt.user(judgmentPrompt(item.instruction(), item.response())), sampling));
    }
    List<GenerationResult> results = model.generate(requests);
    Preconditions.checkState(
        results.size() == requests.size(),
        "model returned %s results for %s requests",
        results.size(),
        requests.size());
    List<Judgment> judgments = new ArrayList<>(items.size());
    for (GenerationResult result : results) {
      if (!result.isOk()) {
        judgments.add(Judgment.error(result.error().orElseThrow(), Judgment.LLM));
        continue;
      }
      List<Vote> votes = new ArrayList<>(result.completions().size());
      for (String text : result.texts()) {
        votes.add(new Vote(text, parser.parse(text)));
      }
      judgments.add(Judgment.fromVotes(votes, Judgment.LLM));
    }
    return judgments;
  }

  @Override
  public String kind() {
    return "llm";
  }
}
