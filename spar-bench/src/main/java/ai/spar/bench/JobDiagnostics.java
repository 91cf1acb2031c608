package ai.spar.bench;

import ai.spar.miniature.IndependentPairs;
import ai.spar.miniature.MiniTask;
import ai.spar.miniature.PairAudit;
import ai.spar.spark.IterationLayout;
import ai.spar.spark.OutputTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What one generation did, judged by the strict IFEval checkers: how often the actor's samples
 * fail, the judge's false alarms (compliant samples it failed) and misses (failing samples it
 * passed), and the root precision (the share of tree roots that really fail: the condition for
 * right pairs). Read from the job's {@code samples} and {@code trees} tables.
 */
final class JobDiagnostics {
  private JobDiagnostics() {}

  /** The metrics of one published iteration, keyed as in the benchmark's JSON. */
  static Map<String, Object> of(
      SparkSession spark, IterationLayout layout, Map<String, MiniTask> tasks) {
    int compliant = 0;
    int failing = 0;
    int falseAlarms = 0;
    int misses = 0;
    int undecided = 0;
    for (Row r :
        spark
            .read()
            .parquet(layout.publishedTable(OutputTable.SAMPLES.tableName()).toString())
            .select("instruction_id", "response", "decision")
            .collectAsList()) {
      MiniTask task = tasks.get(r.getString(0));
      if (task == null) {
        continue;
      }
      boolean passes = PairAudit.passes(task, r.getString(1));
      String decision = r.getString(2);
      if (passes) {
        compliant++;
        falseAlarms += "FAIL".equals(decision) ? 1 : 0;
      } else {
        failing++;
        misses += "PASS".equals(decision) ? 1 : 0;
      }
      undecided += "PASS".equals(decision) || "FAIL".equals(decision) ? 0 : 1;
    }
    int roots = 0;
    int rootsFailing = 0;
    for (Row r :
        spark
            .read()
            .parquet(layout.publishedTable(OutputTable.TREES.tableName()).toString())
            .where("depth = 0")
            .select("instruction_id", "response")
            .collectAsList()) {
      MiniTask task = tasks.get(r.getString(0));
      if (task != null) {
        roots++;
        rootsFailing += PairAudit.passes(task, r.getString(1)) ? 0 : 1;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    int samples = compliant + failing;
    m.put("actor_samples", samples);
    m.put("actor_sample_failure_rate", ratio(failing, samples));
    m.put("judge_false_alarm_rate", ratio(falseAlarms, compliant));
    m.put("judge_miss_rate", ratio(misses, failing));
    m.put("judge_undecided_rate", ratio(undecided, samples));
    m.put("roots", roots);
    m.put("root_precision", ratio(rootsFailing, roots));
    return m;
  }

  /** The refined pairs of a published iteration (its {@code actor_pairs} table). */
  static List<IndependentPairs.Pair> refinedPairs(SparkSession spark, IterationLayout layout) {
    return readPairs(spark, layout.publishedTable(OutputTable.ACTOR_PAIRS.tableName()).toString());
  }

  /** Pairs (instruction id, chosen, rejected) of a pairs table. */
  static List<IndependentPairs.Pair> readPairs(SparkSession spark, String table) {
    List<IndependentPairs.Pair> pairs = new ArrayList<>();
    for (Row r :
        spark
            .read()
            .parquet(table)
            .select("instruction_id", "chosen", "rejected")
            .collectAsList()) {
      pairs.add(new IndependentPairs.Pair(r.getString(0), r.getString(1), r.getString(2)));
    }
    return pairs;
  }

  /** The samples of a published iteration, for independent-sampling pairs. */
  static List<IndependentPairs.Sample> samples(SparkSession spark, IterationLayout layout) {
    List<IndependentPairs.Sample> samples = new ArrayList<>();
    for (Row r :
        spark
            .read()
            .parquet(layout.publishedTable(OutputTable.SAMPLES.tableName()).toString())
            .select("instruction_id", "sample_index", "response", "decision")
            .collectAsList()) {
      samples.add(
          new IndependentPairs.Sample(r.getString(0), r.getInt(1), r.getString(2), r.getString(3)));
    }
    return samples;
  }

  /** The audit of pairs as JSON keys with a prefix. */
  static Map<String, Object> audit(
      String prefix, List<IndependentPairs.Pair> pairs, Map<String, MiniTask> tasks) {
    PairAudit.Report r = PairAudit.audit(pairs, tasks);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(prefix + "confirmed_by_checkers", r.confirmedShare());
    m.put(prefix + "similarity_mean", r.meanSimilarity());
    m.put(prefix + "similarity_median", r.medianSimilarity());
    m.put(prefix + "edit_distance_mean", r.meanEditDistance());
    m.put(prefix + "content_preserved", r.contentPreservedShare());
    m.put(prefix + "content_kept_mean", r.meanContentKept());
    return m;
  }

  private static double ratio(int part, int whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }
}
