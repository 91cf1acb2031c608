package ai.spar.bench;

import ai.spar.loop.GeneratedIteration;
import ai.spar.loop.PairSource;
import ai.spar.loop.PreferencePairs;
import ai.spar.miniature.IndependentPairs;
import ai.spar.spark.IterationLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The miniature experiment's independent-sampling arm as a {@link PairSource}: a passing vs a
 * failing actor sample of the same instruction ({@link IndependentPairs}) from the iteration's
 * samples table, subsampled with a seed to a target count (all of them when there are fewer),
 * written as a pair table. Driver-side; one instance per arm iteration.
 */
final class IndependentPairSource implements PairSource {
  private static final Logger LOG = LoggerFactory.getLogger(IndependentPairSource.class);

  private final SparkSession spark;
  private final Path input;
  private final Path output;
  private final long target;
  private final long shuffleSeed;
  private List<IndependentPairs.Pair> selected = List.of();

  /**
   * @param spark reads the samples and writes the pairs
   * @param input the iteration's instructions (for the pairs' prompts)
   * @param output where the pair table is written (replaced)
   * @param target the pair count to subsample to (the refined arm's)
   * @param shuffleSeed the subsampling seed
   */
  IndependentPairSource(
      SparkSession spark, Path input, Path output, long target, long shuffleSeed) {
    this.spark = spark;
    this.input = input;
    this.output = output;
    this.target = target;
    this.shuffleSeed = shuffleSeed;
  }

  @Override
  public PreferencePairs select(GeneratedIteration iteration) {
    IterationLayout layout =
        new IterationLayout(
            new org.apache.hadoop.fs.Path(iteration.generated().data()).getParent().toString(),
            iteration.iteration());
    List<IndependentPairs.Pair> all =
        new ArrayList<>(IndependentPairs.select(JobDiagnostics.samples(spark, layout)));
    Collections.shuffle(all, new Random(shuffleSeed));
    selected = List.copyOf(all.subList(0, (int) Math.min(target, all.size())));
    LOG.info(
        "independent pairs: {} of {} (the refined arm's count {})",
        selected.size(),
        all.size(),
        target);
    write(spark, selected, input, output);
    return new PreferencePairs(List.of(output.toString()), selected.size());
  }

  /** The pairs the last {@link #select} chose, in their shuffled order. */
  List<IndependentPairs.Pair> selected() {
    return selected;
  }

  /** Writes pairs as a DPO pair table, with their prompts from the instructions file. */
  static void write(SparkSession spark, List<IndependentPairs.Pair> pairs, Path input, Path out) {
    Map<String, String> prompts = new HashMap<>();
    for (Row r : spark.read().json(input.toString()).select("id", "prompt").collectAsList()) {
      prompts.put(r.getString(0), r.getString(1));
    }
    List<Row> rows = new ArrayList<>();
    for (IndependentPairs.Pair p : pairs) {
      rows.add(
          RowFactory.create(
              p.instructionId(), prompts.get(p.instructionId()), p.chosen(), p.rejected()));
    }
    StructType schema =
        new StructType()
            .add("instruction_id", DataTypes.StringType, false)
            .add("prompt", DataTypes.StringType, false)
            .add("chosen", DataTypes.StringType, false)
            .add("rejected", DataTypes.StringType, false);
    spark
        .createDataFrame(rows, schema)
        .coalesce(1)
        .write()
        .mode(SaveMode.Overwrite)
        .parquet(out.toString());
  }
}
