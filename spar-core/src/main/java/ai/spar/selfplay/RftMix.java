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
 * The refiner's supervised mix: examples in the given order, de-duplicated by prompt text (the
 * first wins), then capped per kind. Pure; applying it again to its own output changes nothing, so
 * a job may apply it per round and again over the union of rounds.
 */
public final class RftMix {
  private final RftConfig caps;

  public RftMix(RftConfig caps) {
    this.caps = caps;
  }

  public List<RefinerExample> select(List<RefinerExample> examples) {
    Set<String> seen = new HashSet<>();
    Map<RefinerExampleKind, Integer> taken = new EnumMap<>(RefinerExampleKind.class);
    List<RefinerExample> kept = new ArrayList<>();
    for (RefinerExample example : examples) {
      RefinerExampleKind kind = RefinerExampleKind.valueOf(example.kind());
      if (taken.getOrDefault(kind, 0) >= cap(kind) || !seen.add(example.promptKey())) {
        continue;
      }
      taken.merge(kind, 1, Integer::sum);
      kept.add(example);
    }
    return kept;
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
}
