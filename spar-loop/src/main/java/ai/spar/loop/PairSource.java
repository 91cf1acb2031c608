package ai.spar.loop;

import ai.spar.spark.OutputTable;
import java.util.List;

/**
 * Where an iteration's actor preference pairs come from: the strategy of the {@link
 * Step#TRAIN_ACTOR} step. The method's source is {@link #REFINED}, the pairs the job's tree-search
 * refinement found; a benchmark arm may supply others (e.g. independently sampled passing vs
 * failing answers) and reuse the rest of the step.
 */
@FunctionalInterface
public interface PairSource {
  /**
   * The pairs M_{t+1} is trained on. Called on the driver once per iteration, after the generate
   * step; may write the tables it names.
   */
  PreferencePairs select(GeneratedIteration iteration);

  /** The job's refined pairs: its {@code actor_pairs} table. */
  PairSource REFINED =
      iteration ->
          new PreferencePairs(
              List.of(iteration.table(OutputTable.ACTOR_PAIRS)),
              iteration.rows(OutputTable.ACTOR_PAIRS));
}
