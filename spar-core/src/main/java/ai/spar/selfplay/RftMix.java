package ai.spar.selfplay;

import ai.spar.config.RftConfig;
import ai.spar.data.RefinerExample;
import ai.spar.data.RefinerExampleKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The refiner's supervised mix, one rule for a round and for a whole iteration: examples are taken
 * in the order given; an example whose prompt (its turns' roles and contents, {@link
 * RefinerExample#promptKey()}) came before is dropped, so the first wins; the remaining examples of
 * each kind are kept up to the kind's cap ({@link RftConfig}), first come first kept. A prompt is
 * taken by its first example even when that example's kind is full. Pure; applying it again to its
 * own output changes nothing.
 *
 * <p>A round applies it in the order its records were made; the Spark job applies it again over the
 * union of the rounds, ordered by instruction id, kind and completion, since a round caps only its
 * own batch.
 */
public final class RftMix {
  private final RftConfig caps;

  public RftMix(RftConfig caps) {
    this.caps = caps;
  }

  /** The examples the mix keeps, in their given order. */
  public List<RefinerExample> select(List<RefinerExample> examples) {
    Selection selection = selection();
    List<RefinerExample> kept = new ArrayList<>();
    for (RefinerExample example : examples) {
      if (selection.keep(example)) {
        kept.add(example);
      }
    }
    return kept;
  }

  /**
   * The rule as a one-pass filter, for examples that stream by in order (the Spark job's union).
   * Not thread-safe.
   */
  public Selection selection() {
    return new Selection();
  }

  /** The cap of one kind of example. */
  public int cap(RefinerExampleKind kind) {
    return switch (kind) {
      case REFINEMENT -> caps.refinement();
      case TREE_JUDGMENT_HIGH -> caps.treeJudgmentsHigh();
      case TREE_JUDGMENT_LOW -> caps.treeJudgmentsLow();
      case COLLECTION_JUDGMENT_NO -> caps.collectionJudgmentsNo();
      case COLLECTION_JUDGMENT_YES -> caps.collectionJudgmentsYes();
    };
  }

  /** {@link RftMix}'s rule over examples seen one at a time, in order. */
  public final class Selection {
    private final Set<String> prompts = new HashSet<>();
    private final Map<RefinerExampleKind, Integer> taken = new EnumMap<>(RefinerExampleKind.class);

    private Selection() {}

    /** Whether the next example in order is kept. */
    public boolean keep(RefinerExample example) {
      RefinerExampleKind kind = RefinerExampleKind.valueOf(example.kind());
      if (!prompts.add(example.promptKey()) || taken.getOrDefault(kind, 0) >= cap(kind)) {
        return false;
      }
      taken.merge(kind, 1, Integer::sum);
      return true;
    }
  }
}
