package ai.spar.config;

import com.google.common.base.Preconditions;

/**
 * Caps of the refiner's supervised (RFT) mix, per kind, applied after de-duplication by prompt
 * text.
 *
 * @param refinement successful refinements (kind a), {@code >= 0}
 * @param treeJudgmentsHigh tree judgments with 0.5 &lt; V &lt; 1 (kind b), {@code >= 0}
 * @param treeJudgmentsLow tree judgments with 0 &lt; V &lt; 0.5 (kind c), {@code >= 0}
 * @param collectionJudgmentsNo contested collection judgments with majority No (kind d), {@code >=
 *     0}
 * @param collectionJudgmentsYes contested collection judgments with majority Yes (kind e), {@code
 *     >= 0}
 */
public record RftConfig(
    int refinement,
    int treeJudgmentsHigh,
    int treeJudgmentsLow,
    int collectionJudgmentsNo,
    int collectionJudgmentsYes) {
  public static final int DEFAULT_REFINEMENT = 4000;
  public static final int DEFAULT_TREE_JUDGMENTS_HIGH = 1500;
  public static final int DEFAULT_TREE_JUDGMENTS_LOW = 1000;
  public static final int DEFAULT_COLLECTION_JUDGMENTS_NO = 500;
  public static final int DEFAULT_COLLECTION_JUDGMENTS_YES = 2500;

  public RftConfig {
    check("refinement", refinement);
    check("tree_judgments_high", treeJudgmentsHigh);
    check("tree_judgments_low", treeJudgmentsLow);
    check("collection_judgments_no", collectionJudgmentsNo);
    check("collection_judgments_yes", collectionJudgmentsYes);
  }

  private static void check(String key, int cap) {
    Preconditions.checkArgument(cap >= 0, "rft.%s must be >= 0, but was: %s", key, cap);
  }

  /** The reference mix: 4000 / 1500 / 1000 / 500 / 2500. */
  public static RftConfig defaults() {
    return new RftConfig(
        DEFAULT_REFINEMENT,
        DEFAULT_TREE_JUDGMENTS_HIGH,
        DEFAULT_TREE_JUDGMENTS_LOW,
        DEFAULT_COLLECTION_JUDGMENTS_NO,
        DEFAULT_COLLECTION_JUDGMENTS_YES);
  }
}
