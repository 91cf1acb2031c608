package ai.spar.search;

import ai.spar.config.SearchConfig;
import ai.spar.config.SeedDeriver;
import ai.spar.config.Selection;
import ai.spar.judge.Decision;
import ai.spar.judge.JudgeItem;
import ai.spar.judge.Judgment;
import ai.spar.refine.RefineOutcome;
import ai.spar.refine.RefineRequest;
import ai.spar.refine.Refinement;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The search of one tree as a state machine driven by the {@link WaveScheduler}. A wave runs:
 * {@link #expansions()} (the refinements this tree wants), {@link #acceptRefinements}, then {@link
 * #evaluations()} / {@link #acceptJudgments} until no judgment is pending (tied nodes are judged
 * again up to {@code tieAttempts}), then {@link #endWave()}, where the policy decides success or
 * what to expand next.
 *
 * <p>Shared rules: the budget caps the charged nodes (the planned refinements of a wave never
 * exceed what is left); judgments are cached by exact response text (a hit is charged); a node tied
 * after the last attempt, or one the judge failed on, is dropped without charge. Not thread-safe:
 * one scheduler drives it.
 */
public abstract class SearchTree {
  /** A refinement wanted of one node. */
  protected record Expansion(int nodeId, int count) {}

  private static final class Child {
    final int id;
    final int parentId;
    final int depth;
    final Refinement refinement;
    final int duplicateOf;
    int attempt;
    Judgment judgment;
    NodeStatus status;

    Child(int id, int parentId, int depth, Refinement refinement, int duplicateOf) {
      this.id = id;
      this.parentId = parentId;
      this.depth = depth;
      this.refinement = refinement;
      this.duplicateOf = duplicateOf;
    }
  }

  protected final TreeRoot root;
  protected final SearchConfig config;
  private final SeedDeriver seeds;
  private final int tieAttempts;
  private final List<TreeNode> nodes = new ArrayList<>();
  private final Map<String, Judgment> cache = new HashMap<>();
  private final List<String> errors = new ArrayList<>();
  private List<Expansion> planned = List.of();
  private final List<Child> wave = new ArrayList<>();
  private final List<Child> awaiting = new ArrayList<>();
  private int charged;
  private int cacheHits;
  private int droppedTies;
  private int formatFailures;
  private int skippedBranches;
  private int waves;
  private int visits;
  private int successId = -1;
  private boolean done;

  protected SearchTree(TreeRoot root, SearchConfig config, SeedDeriver seeds, int tieAttempts) {
    Preconditions.checkArgument(root != null, "root must not be null");
    Preconditions.checkArgument(config != null, "config must not be null");
    Preconditions.checkArgument(seeds != null, "seeds must not be null");
    Preconditions.checkArgument(
        tieAttempts >= 1, "tieAttempts must be >= 1, but was: %s", tieAttempts);
    this.root = root;
    this.config = config;
    this.seeds = seeds;
    this.tieAttempts = tieAttempts;
    nodes.add(
        new TreeNode(
            0, -1, 0, root.response(), null, root.judgment(), 0.0, visits++, NodeStatus.ROOT));
    cache.put(root.response(), root.judgment());
  }

  /** The tree for the configured policy. */
  public static SearchTree create(
      TreeRoot root, SearchConfig config, SeedDeriver seeds, int tieAttempts) {
    return switch (config.policy()) {
      case BFS ->
          new BreadthFirstTree(
              root,
              config,
              seeds,
              tieAttempts,
              config.branch(),
              config.selectBranch(),
              config.maxDepth());
      case ITERATIVE ->
          new BreadthFirstTree(root, config, seeds, tieAttempts, 1, 1, config.chainLength());
      case BEST_OF_N ->
          new BreadthFirstTree(root, config, seeds, tieAttempts, config.bestOfN(), 1, 1);
      case DFS -> new DepthFirstTree(root, config, seeds, tieAttempts);
    };
  }

  /** The nodes to expand this wave, in order; empty when the policy has nothing left to expand. */
  protected abstract List<Expansion> plan();

  /**
   * Called once per wave with the wave's usable children in generation order (possibly none). The
   * policy either calls {@link #succeed} or prepares its next {@link #plan()}.
   */
  protected abstract void onWaveEvaluated(List<TreeNode> children);

  public final boolean isDone() {
    return done;
  }

  /** The root node (id 0). */
  protected final TreeNode rootNode() {
    return nodes.get(0);
  }

  public final TreeRoot root() {
    return root;
  }

  /**
   * Starts a wave: the refinement requests of this tree (empty, and the tree is done, when nothing
   * is left).
   */
  public final List<RefineRequest> expansions() {
    Preconditions.checkState(
        wave.isEmpty(), "the previous wave of %s has not ended", root.instructionId());
    if (done) {
      return List.of();
    }
    int left = config.nodeBudget() - charged;
    List<Expansion> capped = new ArrayList<>();
    for (Expansion expansion : plan()) {
      int count = Math.min(expansion.count(), left);
      if (count > 0) {
        capped.add(new Expansion(expansion.nodeId(), count));
        left -= count;
      }
    }
    planned = List.copyOf(capped);
    if (planned.isEmpty()) {
      done = true;
      return List.of();
    }
    waves++;
    List<RefineRequest> requests = new ArrayList<>(planned.size());
    for (Expansion expansion : planned) {
      TreeNode node = nodes.get(expansion.nodeId());
      requests.add(
          new RefineRequest(
              root.instruction(),
              node.response(),
              node.judgment().critique(),
              expansion.count(),
              seeds.derive(root.instructionId(), SeedDeriver.REFINE, node.id())));
    }
    return requests;
  }

  /** The refiner's outcomes for {@link #expansions()}, in the same order. */
  public final void acceptRefinements(List<RefineOutcome> outcomes) {
    Preconditions.checkArgument(
        outcomes.size() == planned.size(),
        "expected %s refine outcomes, got %s",
        planned.size(),
        outcomes.size());
    Map<String, Integer> firstInWave = new HashMap<>();
    for (int i = 0; i < planned.size(); i++) {
      TreeNode parent = nodes.get(planned.get(i).nodeId());
      RefineOutcome outcome = outcomes.get(i);
      formatFailures += outcome.formatFailures();
      skippedBranches += outcome.skipped();
      errors.addAll(outcome.errors());
      for (Refinement refinement : outcome.refinements()) {
        int id = nodes.size();
        nodes.add(null);
        Integer earlier = firstInWave.get(refinement.output());
        Child child =
            new Child(
                id, parent.id(), parent.depth() + 1, refinement, earlier == null ? -1 : earlier);
        Judgment cached = cache.get(refinement.output());
        if (earlier == null && cached != null) {
          child.judgment = cached;
          child.status = NodeStatus.CACHED;
        } else if (earlier == null) {
          firstInWave.put(refinement.output(), id);
          awaiting.add(child);
        }
        wave.add(child);
      }
    }
  }

  /** Judgments this tree needs now (new children, or tied ones being judged again). */
  public final List<JudgeItem> evaluations() {
    List<JudgeItem> items = new ArrayList<>(awaiting.size());
    for (Child child : awaiting) {
      long seed = seeds.derive(root.instructionId(), SeedDeriver.NODE_JUDGE, child.id);
      items.add(
          new JudgeItem(
              root.instruction(),
              child.refinement.output(),
              root.constraints(),
              SeedDeriver.mix(seed, child.attempt)));
    }
    return items;
  }

  /** The judgments for {@link #evaluations()}, in the same order. */
  public final void acceptJudgments(List<Judgment> judgments) {
    Preconditions.checkArgument(
        judgments.size() == awaiting.size(),
        "expected %s judgments, got %s",
        awaiting.size(),
        judgments.size());
    List<Child> still = new ArrayList<>();
    for (int i = 0; i < judgments.size(); i++) {
      Child child = awaiting.get(i);
      Judgment judgment = judgments.get(i);
      child.judgment = judgment;
      if (judgment.decision() == Decision.ERROR) {
        child.status = NodeStatus.DROPPED_ERROR;
        errors.add(judgment.error());
      } else if (judgment.decision() == Decision.UNDECIDED) {
        child.attempt++;
        if (child.attempt < tieAttempts) {
          still.add(child);
        } else {
          child.status = NodeStatus.DROPPED_TIE;
        }
      } else {
        child.status = NodeStatus.EVALUATED;
        cache.put(child.refinement.output(), judgment);
      }
    }
    awaiting.clear();
    awaiting.addAll(still);
  }

  /** Ends the wave: records the children, charges the budget and lets the policy decide. */
  public final void endWave() {
    Preconditions.checkState(awaiting.isEmpty(), "judgments are still pending");
    List<TreeNode> usable = new ArrayList<>();
    for (Child child : wave) {
      if (child.duplicateOf >= 0) {
        Child first =
            wave.stream().filter(c -> c.id == child.duplicateOf).findFirst().orElseThrow();
        child.judgment = first.judgment;
        child.status = first.status.usable() ? NodeStatus.CACHED : first.status;
      }
      if (child.status == NodeStatus.DROPPED_TIE) {
        droppedTies++;
      }
      boolean counts = child.status.usable();
      if (counts) {
        charged++;
        if (child.status == NodeStatus.CACHED) {
          cacheHits++;
        }
      }
      TreeNode node =
          new TreeNode(
              child.id,
              child.parentId,
              child.depth,
              child.refinement.output(),
              child.refinement.reply(),
              child.judgment,
              child.judgment.value(),
              counts ? visits++ : -1,
              child.status);
      nodes.set(child.id, node);
      if (counts) {
        usable.add(node);
      }
    }
    wave.clear();
    planned = List.of();
    Preconditions.checkState(charged <= config.nodeBudget(), "budget exceeded");
    if (!done) {
      onWaveEvaluated(usable);
    }
  }

  /** Marks the node as the search's success and ends the search. */
  protected final void succeed(TreeNode node) {
    successId = node.id();
    done = true;
  }

  /** The best node of {@code children} by value, earliest on ties. */
  protected static TreeNode best(List<TreeNode> children) {
    TreeNode best = children.get(0);
    for (TreeNode child : children) {
      if (child.value() > best.value()) {
        best = child;
      }
    }
    return best;
  }

  /**
   * Chooses up to {@code k} of the children: greedy takes the top values (ties keep generation
   * order), proportional samples without replacement with probability proportional to value
   * (uniform when all are 0), seeded per wave. The result is in selection order (best first for
   * greedy).
   */
  protected final List<TreeNode> select(List<TreeNode> children, int k) {
    if (config.selection() == Selection.GREEDY) {
      return children.stream()
          .sorted(Comparator.comparingDouble(TreeNode::value).reversed())
          .limit(k)
          .toList();
    }
    SplittableRandom random =
        new SplittableRandom(seeds.derive(root.instructionId(), SeedDeriver.SELECTION, waves));
    List<TreeNode> pool = new ArrayList<>(children);
    List<TreeNode> chosen = new ArrayList<>();
    while (chosen.size() < k && !pool.isEmpty()) {
      double total = pool.stream().mapToDouble(TreeNode::value).sum();
      int pick = pool.size() - 1;
      if (total <= 0) {
        pick = random.nextInt(pool.size());
      } else {
        double r = random.nextDouble() * total;
        for (int i = 0; i < pool.size(); i++) {
          r -= pool.get(i).value();
          if (r < 0) {
            pick = i;
            break;
          }
        }
      }
      chosen.add(pool.remove(pick));
    }
    return chosen;
  }

  /** The result; only once the tree is done. */
  public final SearchResult result() {
    Preconditions.checkState(done, "the search of %s is still running", root.instructionId());
    int bestId = 0;
    for (TreeNode node : nodes) {
      if (node.status().usable() && node.value() > nodes.get(bestId).value()) {
        bestId = node.id();
      }
    }
    return new SearchResult(
        root,
        nodes,
        successId,
        bestId,
        charged,
        cacheHits,
        droppedTies,
        formatFailures,
        skippedBranches,
        waves,
        errors);
  }
}
