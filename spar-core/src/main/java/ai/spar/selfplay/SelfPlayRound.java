package ai.spar.selfplay;

import ai.spar.config.SeedDeriver;
import ai.spar.config.SparConfig;
import ai.spar.data.ActorPair;
import ai.spar.data.ActorSample;
import ai.spar.data.ChatTurn;
import ai.spar.data.InstructionOutcome;
import ai.spar.data.Lineage;
import ai.spar.data.OutcomeKind;
import ai.spar.data.RefinerExample;
import ai.spar.data.RefinerExampleKind;
import ai.spar.data.RefinerPair;
import ai.spar.data.RoundOutput;
import ai.spar.data.RoundStats;
import ai.spar.data.TreeNodeRecord;
import ai.spar.judge.Decision;
import ai.spar.judge.Judge;
import ai.spar.judge.Judgment;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.ModelInfo;
import ai.spar.llm.chat.ChatMessage;
import ai.spar.refine.RefinementChat;
import ai.spar.refine.Refiner;
import ai.spar.search.SearchResult;
import ai.spar.search.SearchTree;
import ai.spar.search.TreeRoot;
import ai.spar.search.WaveScheduler;
import ai.spar.search.WaveStats;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SPaR self-play round for a batch of instructions: {@link NegativeCollection} (the actor
 * samples K answers per instruction in one model call, the judge judges them in one call, one
 * failed answer per instruction is drawn, seeded, as a tree root), all trees are searched together
 * in waves, and the results come back as records. Every input gets exactly one outcome; an
 * exception from a model call turns every valid instruction of the batch into an {@code ERROR}
 * outcome (with the message) and drops the batch's other records, so a retry starts clean.
 *
 * <p>The same seed and models give the same output. Not thread-safe (the models are not).
 */
public final class SelfPlayRound {
  private static final Logger LOG = LoggerFactory.getLogger(SelfPlayRound.class);

  private final SparConfig config;
  private final LanguageModel actor;
  private final LanguageModel refinerModel;
  private final RefinementChat chat;
  private final Judge judge;
  private final Refiner refiner;
  private final int iteration;
  private final SeedDeriver seeds;
  private final NegativeCollection collection;

  /**
   * @param config all parameters
   * @param actor the actor model (may be the same object as {@code refinerModel}); not closed here
   * @param refinerModel the refiner model, which also judges when the judge is an LLM judge; not
   *     closed here
   * @param chat the refine chat (judgment and refinement prompts)
   * @param judge the judge of collection and tree nodes
   * @param iteration the SPaR iteration t, recorded as lineage
   * @see SelfPlayStages#round the round of a configuration and its prompt files
   */
  public SelfPlayRound(
      SparConfig config,
      LanguageModel actor,
      LanguageModel refinerModel,
      RefinementChat chat,
      Judge judge,
      int iteration) {
    Preconditions.checkArgument(config != null, "config must not be null");
    Preconditions.checkArgument(actor != null, "actor must not be null");
    Preconditions.checkArgument(refinerModel != null, "refinerModel must not be null");
    Preconditions.checkArgument(chat != null, "chat must not be null");
    Preconditions.checkArgument(judge != null, "judge must not be null");
    Preconditions.checkArgument(iteration >= 0, "iteration must be >= 0, but was: %s", iteration);
    this.config = config;
    this.actor = actor;
    this.refinerModel = refinerModel;
    this.chat = chat;
    this.judge = judge;
    this.refiner = new Refiner(refinerModel, chat, config.refine());
    this.iteration = iteration;
    this.seeds = new SeedDeriver(config.seed());
    this.collection = new NegativeCollection(actor, judge, seeds);
  }

  /** Runs the round; outcomes come back in input order. */
  public RoundOutput run(List<Instruction> instructions) {
    long start = System.nanoTime();
    Lineage lineage = lineage();
    InstructionOutcome[] outcomes = new InstructionOutcome[instructions.size()];
    List<Integer> valid = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < instructions.size(); i++) {
      Instruction instruction = instructions.get(i);
      String reason = instruction == null ? "the row is empty" : instruction.invalidReason();
      if (reason == null && !ids.add(instruction.id())) {
        reason = "duplicate id " + instruction.id() + " in the batch";
      }
      if (reason != null) {
        String id = instruction == null || instruction.id() == null ? "" : instruction.id();
        outcomes[i] = InstructionOutcome.of(id, OutcomeKind.INVALID_INPUT, reason, lineage);
      } else {
        valid.add(i);
      }
    }
    RoundRecords records = new RoundRecords(lineage);
    try {
      records.play(instructions, valid, outcomes);
    } catch (RuntimeException e) {
      LOG.error("self-play round failed for {} instructions", valid.size(), e);
      String message = e.getClass().getSimpleName() + ": " + e.getMessage();
      for (int i : valid) {
        outcomes[i] =
            InstructionOutcome.of(instructions.get(i).id(), OutcomeKind.ERROR, message, lineage);
      }
      records = new RoundRecords(lineage);
    }
    List<InstructionOutcome> all = List.of(outcomes);
    RoundStats stats = stats(all, records, (System.nanoTime() - start) / 1_000_000);
    LOG.info("self-play round: {}", stats);
    return new RoundOutput(
        all,
        records.samples,
        records.nodes,
        records.actorPairs,
        new RftMix(config.rft()).select(records.examples),
        records.refinerPairs,
        stats);
  }

  /** The provenance every record of this round carries. */
  public Lineage lineage() {
    ModelInfo a = actor.info();
    ModelInfo r = refinerModel.info();
    return new Lineage(
        iteration, a.id(), a.weightsHash(), r.id(), r.weightsHash(), judge.kind(), config.seed());
  }

  private static RoundStats stats(
      List<InstructionOutcome> outcomes, RoundRecords records, long millis) {
    Map<OutcomeKind, Integer> counts = new EnumMap<>(OutcomeKind.class);
    for (InstructionOutcome outcome : outcomes) {
      counts.merge(outcome.kind(), 1, Integer::sum);
    }
    return new RoundStats(
        outcomes.size(),
        counts.getOrDefault(OutcomeKind.PAIR_FOUND, 0),
        counts.getOrDefault(OutcomeKind.ALL_PASSED, 0),
        counts.getOrDefault(OutcomeKind.SEARCH_FAILED, 0),
        counts.getOrDefault(OutcomeKind.UNDECIDED, 0),
        counts.getOrDefault(OutcomeKind.INVALID_INPUT, 0),
        counts.getOrDefault(OutcomeKind.ERROR, 0),
        records.waves,
        records.treeNodes,
        millis);
  }

  /**
   * The records a round produces, filled stage by stage; replaced by an empty one when a model call
   * throws, so a retry starts clean.
   */
  private final class RoundRecords {
    final Lineage lineage;
    final List<ActorSample> samples = new ArrayList<>();
    final List<TreeNodeRecord> nodes = new ArrayList<>();
    final List<ActorPair> actorPairs = new ArrayList<>();
    final List<RefinerExample> examples = new ArrayList<>();
    final List<RefinerPair> refinerPairs = new ArrayList<>();
    int waves;
    int treeNodes;

    RoundRecords(Lineage lineage) {
      this.lineage = lineage;
    }

    /**
     * Negative collection, tree search and harvest for the valid instructions: fills the records
     * and the outcome of every valid instruction.
     */
    void play(List<Instruction> instructions, List<Integer> valid, InstructionOutcome[] outcomes) {
      List<Instruction> validInstructions = new ArrayList<>(valid.size());
      valid.forEach(i -> validInstructions.add(instructions.get(i)));
      List<CollectedAnswers> collected =
          collection.collect(
              validInstructions,
              instruction ->
                  config.actor().sampling(seeds.derive(instruction.id(), SeedDeriver.ACTOR, 0)));

      List<SearchTree> trees = new ArrayList<>();
      List<Integer> treeOwners = new ArrayList<>();
      List<Integer> rootSamples = new ArrayList<>();
      int[][] tallies = new int[instructions.size()][];
      for (int v = 0; v < valid.size(); v++) {
        int i = valid.get(v);
        CollectedAnswers answers = collected.get(v);
        Instruction instruction = answers.instruction();
        if (!answers.isOk()) {
          outcomes[i] =
              InstructionOutcome.of(instruction.id(), OutcomeKind.ERROR, answers.error(), lineage);
          continue;
        }
        int k = answers.texts().size();
        String firstError = null;
        for (int s = 0; s < k; s++) {
          Judgment judgment = answers.judgments().get(s);
          samples.add(sample(instruction, s, answers.texts().get(s), judgment));
          collectionExample(instruction, answers.texts().get(s), judgment);
          if (judgment.decision() == Decision.ERROR && firstError == null) {
            firstError = judgment.error();
          }
        }
        int passed = answers.passed();
        int failed = answers.failed();
        tallies[i] = new int[] {passed, failed, k - passed - failed};
        Optional<TreeRoot> root = answers.root();
        if (root.isPresent()) {
          trees.add(
              SearchTree.create(root.get(), config.search(), seeds, config.judge().tieAttempts()));
          treeOwners.add(i);
          rootSamples.add(answers.rootSample());
        } else {
          OutcomeKind kind =
              passed == k
                  ? OutcomeKind.ALL_PASSED
                  : firstError != null ? OutcomeKind.ERROR : OutcomeKind.UNDECIDED;
          String message = kind == OutcomeKind.ERROR ? "judge: " + firstError : null;
          outcomes[i] = outcome(instruction.id(), kind, message, tallies[i], null, null);
        }
      }

      WaveStats stats = new WaveScheduler(refiner, judge).run(trees);
      waves = stats.waves();
      String policy = config.search().policy().name();
      TreeHarvest harvest = new TreeHarvest(chat, config.search().endGate(), policy, lineage);
      for (int t = 0; t < trees.size(); t++) {
        SearchResult result = trees.get(t).result();
        int i = treeOwners.get(t);
        treeNodes += result.treeNodes();
        nodes.addAll(harvest.nodes(result));
        examples.addAll(harvest.examples(result));
        if (result.succeeded()) {
          actorPairs.add(harvest.actorPair(result));
          refinerPairs.addAll(harvest.refinerPairs(result));
          outcomes[i] =
              outcome(
                  result.root().instructionId(),
                  OutcomeKind.PAIR_FOUND,
                  null,
                  tallies[i],
                  rootSamples.get(t),
                  result.treeNodes());
        } else {
          String message =
              String.format(
                  Locale.ROOT,
                  "no refinement passed the end gate %.2f; best V %.3f after %d nodes%s",
                  config.search().endGate(),
                  result.best().value(),
                  result.treeNodes(),
                  result.errors().isEmpty() ? "" : "; errors: " + result.errors().get(0));
          outcomes[i] =
              outcome(
                  result.root().instructionId(),
                  OutcomeKind.SEARCH_FAILED,
                  message,
                  tallies[i],
                  rootSamples.get(t),
                  result.treeNodes());
        }
      }
    }

    private InstructionOutcome outcome(
        String id, OutcomeKind kind, String message, int[] tally, Integer root, Integer treeNodes) {
      return new InstructionOutcome(
          id, kind.name(), message, tally[0], tally[1], tally[2], root, treeNodes, lineage);
    }

    private ActorSample sample(Instruction instruction, int index, String text, Judgment j) {
      return new ActorSample(
          instruction.id(),
          index,
          text,
          j.decision().name(),
          j.value(),
          j.yes(),
          j.no(),
          j.unparseable(),
          j.critique(),
          TreeHarvest.votes(j),
          j.decidedBy(),
          j.error(),
          seeds.derive(instruction.id(), SeedDeriver.ACTOR, 0),
          lineage);
    }

    /** Kinds d and e: contested collection judgments (at least one dissenting parseable vote). */
    private void collectionExample(Instruction instruction, String response, Judgment judgment) {
      if (!judgment.contested()) {
        return;
      }
      RefinerExampleKind kind =
          judgment.decision() == Decision.PASS
              ? RefinerExampleKind.COLLECTION_JUDGMENT_YES
              : RefinerExampleKind.COLLECTION_JUDGMENT_NO;
      examples.add(
          new RefinerExample(
              instruction.id(),
              kind.name(),
              List.of(
                  new ChatTurn(
                      ChatMessage.USER, chat.judgmentPrompt(instruction.prompt(), response))),
              judgment.critique(),
              judgment.value(),
              lineage));
    }
  }
}
