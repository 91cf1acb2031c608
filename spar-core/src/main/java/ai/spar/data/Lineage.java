package ai.spar.data;

import com.google.common.base.Preconditions;
import java.io.Serializable;

/**
 * Where a record came from. Every seed of the round derives from {@code jobSeed} and the record's
 * instruction id. Serializable, so the Spark job can report the lineage its tasks stamped.
 *
 * @param iteration the SPaR iteration t, {@code >= 0}
 * @param actorModelId the actor's model id
 * @param actorWeightsHash the actor's weights hash
 * @param refinerModelId the refiner's model id (judge and refiner)
 * @param refinerWeightsHash the refiner's weights hash
 * @param judgeKind the configured judge: {@code llm}, {@code rules} or {@code rules_veto}
 * @param jobSeed the job seed
 */
public record Lineage(
    int iteration,
    String actorModelId,
    String actorWeightsHash,
    String refinerModelId,
    String refinerWeightsHash,
    String judgeKind,
    long jobSeed)
    implements Serializable {
  public Lineage {
    Preconditions.checkArgument(iteration >= 0, "iteration must be >= 0, but was: %s", iteration);
    Preconditions.checkArgument(actorModelId != null, "actorModelId must not be null");
    Preconditions.checkArgument(actorWeightsHash != null, "actorWeightsHash must not be null");
    Preconditions.checkArgument(refinerModelId != null, "refinerModelId must not be null");
    Preconditions.checkArgument(refinerWeightsHash != null, "refinerWeightsHash must not be null");
    Preconditions.checkArgument(judgeKind != null, "judgeKind must not be null");
  }
}
