package ai.spar.selfplay;

import ai.spar.config.SeedDeriver;
import ai.spar.config.SparConfig;
import ai.spar.judge.Judge;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.SamplingParams;
import ai.spar.refine.RefinementChat;
import ai.spar.refine.Refiner;
import ai.spar.search.SearchResult;
import ai.spar.search.SearchTree;
import ai.spar.search.TreeRoot;
import ai.spar.search.WaveScheduler;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tree search at inference time: the actor answers each instruction once (greedy unless the caller
 * asks otherwise), the judge judges the answers, and every failed answer is refined by the same
 * batched tree search as in self-play until a refinement passes. The answer is the passing
 * refinement, or the best node when none passes. Model calls: one actor call, one judge call, then
 * the waves, for the whole batch. Negative collection is the self-play round's ({@link
 * NegativeCollection}) with one sample per instruction.
 *
 * @see SelfPlayStages#treeSearch the search of a configuration and its prompt files
 */
public final class InferenceTreeSearch {
  private final SparConfig config;
  private final Judge judge;
  private final Refiner refiner;
  private final SeedDeriver seeds;
  private final NegativeCollection collection;

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
    this.judge = judge;
    this.refiner = new Refiner(refinerModel, chat, config.refine());
    this.seeds = new SeedDeriver(config.seed());
    this.collection = new NegativeCollection(actor, judge, seeds);
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
    List<Instruction> validInstructions = new ArrayList<>();
    for (int i = 0; i < instructions.size(); i++) {
      Instruction instruction = instructions.get(i);
      String reason = instruction.invalidReason();
      if (reason != null) {
        answers[i] = new InferenceAnswer(instruction.id(), null, null, 0, 0, 0, reason);
      } else {
        valid.add(i);
        validInstructions.add(instruction);
      }
    }
    List<CollectedAnswers> collected =
        collection.collect(
            validInstructions,
            instruction ->
                first.isGreedy()
                    ? first
                    : first.withSeed(seeds.derive(instruction.id(), SeedDeriver.ACTOR, 0)));
    List<SearchTree> trees = new ArrayList<>();
    List<Integer> owners = new ArrayList<>();
    for (int v = 0; v < valid.size(); v++) {
      int i = valid.get(v);
      CollectedAnswers answer = collected.get(v);
      String id = answer.instruction().id();
      if (!answer.isOk()) {
        answers[i] = new InferenceAnswer(id, null, null, 0, 0, 0, answer.error());
        continue;
      }
      Optional<TreeRoot> root = answer.root();
      if (root.isEmpty()) {
        answers[i] =
            new InferenceAnswer(
                id, answer.texts().get(0), "ACTOR", answer.judgments().get(0).value(), 0, 0, null);
        continue;
      }
      trees.add(
          SearchTree.create(root.get(), config.search(), seeds, config.judge().tieAttempts()));
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
              result.treeNodes(),
              null);
    }
    return List.of(answers);
  }
}
