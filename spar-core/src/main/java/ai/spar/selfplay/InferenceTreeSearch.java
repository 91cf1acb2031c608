package ai.spar.selfplay;

import ai.spar.config.SeedDeriver;
import ai.spar.config.SparConfig;
import ai.spar.ifeval.InstructionVerifier;
import ai.spar.judge.Decision;
import ai.spar.judge.Judge;
import ai.spar.judge.JudgeItem;
import ai.spar.judge.Judgment;
import ai.spar.judge.PromptTemplate;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.refine.RefinementChat;
import ai.spar.refine.Refiner;
import ai.spar.search.SearchResult;
import ai.spar.search.SearchTree;
import ai.spar.search.TreeRoot;
import ai.spar.search.WaveScheduler;
import com.google.common.base.Preconditions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Tree search at inference time: the actor answers each instruction once (greedy unless the caller
 * asks otherwise), the judge judges the answers, and every failed answer is refined by the same
 * batched tree search as in self-play until a refinement passes. The answer is the passing
 * refinement, or the best node when none passes. Model calls: one actor call, one judge call, then
 * the waves, for the whole batch.
 */
public final class InferenceTreeSearch {
  private final SparConfig config;
  private final LanguageModel actor;
  private final Judge judge;
  private final Refiner refiner;
  private final SeedDeriver seeds;

  public InferenceTreeSearch(
      SparConfig config,
      LanguageModel actor,
      LanguageModel refinerModel,
      RefinementChat chat,
      Judge judge) {
    Preconditions.checkArgument(config != null, "config must not be null");
    Preconditions.checkArgument(actor != null, "actor must not be null");
    Preconditions.checkArgument(judge != null, "judge must not be null");
    this.config = config;
    this.actor = actor;
    this.judge = judge;
    this.refiner = new Refiner(refinerModel, chat, config.refine());
    this.seeds = new SeedDeriver(config.seed());
  }

  /**
   * A search with the configured prompt files and judge (as {@link SelfPlayRound#create} builds
   * them).
   *
   * @param verifier the IFEval verifier for rule judges; may be null when the judge mode is {@code
   *     llm}
   * @param baseDir the directory relative prompt paths resolve against
   */
  public static InferenceTreeSearch create(
      SparConfig config,
      LanguageModel actor,
      LanguageModel refinerModel,
      InstructionVerifier verifier,
      Path baseDir) {
    PromptTemplate judgePrompt =
        PromptTemplate.load(
            baseDir.resolve(config.prompts().judge()),
            Set.of(PromptTemplate.INSTRUCTION, PromptTemplate.RESPONSE));
    PromptTemplate refinePrompt =
        PromptTemplate.load(baseDir.resolve(config.prompts().refine()), Set.of());
    Judge judge = SelfPlayRound.judgeFor(config.judge(), refinerModel, judgePrompt, verifier);
    return new InferenceTreeSearch(
        config, actor, refinerModel, new RefinementChat(judgePrompt, refinePrompt), judge);
  }

  /**
   * One answer per instruction, in order, the first answer greedy with the actor's {@code
   * max_new_tokens}. Invalid instructions get an error answer.
   */
  public List<InferenceAnswer> answer(List<Instruction> instructions) {
    return answer(instructions, SamplingParams.greedy(config.actor().maxNewTokens()));
  }

  /**
   * One answer per instruction, in order. Invalid instructions get an error answer.
   *
   * @param first how the actor draws its first answer ({@code n} must be 1); unless greedy, each
   *     instruction's seed derives from the job seed and its id, so the seed in {@code first} is
   *     ignored
   */
  public List<InferenceAnswer> answer(List<Instruction> instructions, SamplingParams first) {
    Preconditions.checkArgument(
        first != null && first.n() == 1, "first must ask for n = 1, but was: %s", first);
    InferenceAnswer[] answers = new InferenceAnswer[instructions.size()];
    List<Integer> valid = new ArrayList<>();
    List<GenerationRequest> requests = new ArrayList<>();
    for (int i = 0; i < instructions.size(); i++) {
      Instruction instruction = instructions.get(i);
      String reason = instruction.invalidReason();
      if (reason != null) {
        answers[i] = new InferenceAnswer(instruction.id(), null, null, 0, 0, 0, reason);
      } else {
        valid.add(i);
        requests.add(
            new GenerationRequest(
                Prompt.user(instruction.prompt()),
                first.isGreedy()
                    ? first
                    : first.withSeed(seeds.derive(instruction.id(), SeedDeriver.ACTOR, 0))));
      }
    }
    List<GenerationResult> results = requests.isEmpty() ? List.of() : actor.generate(requests);
    List<Integer> judged = new ArrayList<>();
    List<JudgeItem> items = new ArrayList<>();
    for (int v = 0; v < valid.size(); v++) {
      Instruction instruction = instructions.get(valid.get(v));
      GenerationResult result = results.get(v);
      if (!result.isOk()) {
        answers[valid.get(v)] =
            new InferenceAnswer(
                instruction.id(), null, null, 0, 0, 0, "actor: " + result.error().orElseThrow());
        continue;
      }
      judged.add(valid.get(v));
      items.add(
          new JudgeItem(
              instruction.prompt(),
              result.texts().get(0),
              instruction.constraints(),
              seeds.derive(instruction.id(), SeedDeriver.COLLECTION_JUDGE, 0)));
    }
    List<Judgment> judgments = items.isEmpty() ? List.of() : judge.judge(items);
    List<SearchTree> trees = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int j = 0; j < judged.size(); j++) {
      int i = judged.get(j);
      Instruction instruction = instructions.get(i);
      Judgment judgment = judgments.get(j);
      if (judgment.decision() != Decision.FAIL) {
        answers[i] =
            new InferenceAnswer(
                instruction.id(), items.get(j).response(), "ACTOR", judgment.value(), 0, 0, null);
        continue;
      }
      TreeRoot root =
          new TreeRoot(
              instruction.id(),
              instruction.prompt(),
              instruction.constraints(),
              items.get(j).response(),
              judgment);
      trees.add(SearchTree.create(root, config.search(), seeds, config.judge().tieAttempts()));
      owners.add(i);
    }
    new WaveScheduler(refiner, judge).run(trees);
    for (int t = 0; t < trees.size(); t++) {
      SearchResult result = trees.get(t).result();
      boolean passed = result.succeeded();
      var node = passed ? result.success() : result.best();
      answers[owners.get(t)] =
          new InferenceAnswer(
              result.root().instructionId(),
              node.response(),
              passed ? "REFINED" : "FALLBACK",
              node.value(),
              node.depth(),
              result.charged(),
              null);
    }
    return List.of(answers);
  }
}
