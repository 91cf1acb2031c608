package ai.spar.spark;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.data.InstructionOutcome;
import ai.spar.data.Lineage;
import ai.spar.data.RoundOutput;
import ai.spar.llm.LanguageModel;
import ai.spar.selfplay.Instruction;
import ai.spar.selfplay.MeteredLanguageModel;
import ai.spar.selfplay.SelfPlayRound;
import ai.spar.selfplay.SelfPlayStages;
import com.google.common.base.Preconditions;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Row;

/**
 * Runs self-play rounds over one partition of validated input rows ({@link InputRow}, encoded by
 * {@link InputReader}) and emits staged records ({@link StagedRecords}).
 *
 * <p>Serializable configuration only: the configuration as YAML (parsed once per executor JVM,
 * {@link ExecutorConfigs}), the prompt texts, a {@link ModelLoader}, the progress accumulators and
 * the accumulator of the rounds' metrics. The models come from {@link ExecutorModels} in the
 * executor, loaded once per JVM and device, and are never part of this object. Rows are taken in
 * batches of {@code job.batch_size}; each batch is one round: its valid rows' instructions go
 * through the self-play round, its rejected rows become their {@code INVALID_INPUT} outcomes
 * ({@link InputRow#rejection}). Every record of the task carries one lineage, built once from the
 * configuration and the models' info, and reported with the round metrics.
 */
public final class PartitionProcessor implements MapPartitionsFunction<Row, Row>, Serializable {
  private static final long serialVersionUID = 2L;

  private final String configYaml;
  private final String configFingerprint;
  private final String judgePromptText;
  private final String refinePromptText;
  private final ModelLoader loader;
  private final JobCounters counters;
  private final RoundMetricsAccumulator metrics;

  /**
   * @param configYaml the job configuration ({@link SparConfigLoader#toYaml})
   * @param judgePromptText the judgment prompt's text
   * @param refinePromptText the refinement prompt's text
   * @param loader loads model replicas in executors
   * @param counters progress accumulators registered on the driver
   * @param metrics the accumulator of the rounds' metrics, registered on the driver
   */
  PartitionProcessor(
      String configYaml,
      String judgePromptText,
      String refinePromptText,
      ModelLoader loader,
      JobCounters counters,
      RoundMetricsAccumulator metrics) {
    this.configYaml = configYaml;
    this.configFingerprint = ExecutorConfigs.fingerprint(configYaml);
    this.judgePromptText = judgePromptText;
    this.refinePromptText = refinePromptText;
    this.loader = loader;
    this.counters = counters;
    this.metrics = metrics;
  }

  /** On the driver, after the Spark job ran: what its rounds did. */
  ChunkMetrics metrics() {
    return metrics.value();
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    SparConfig config = ExecutorConfigs.parsed(configFingerprint, configYaml);
    String device = assignedDevice(config.model().device());
    LanguageModel actor =
        ExecutorModels.get(
            new ModelKey(config.model().actor(), device, config.model().precision()), loader);
    LanguageModel refiner =
        ExecutorModels.get(
            new ModelKey(config.model().refinerOrActor(), device, config.model().precision()),
            loader);
    MeteredLanguageModel meteredActor = new MeteredLanguageModel(actor);
    MeteredLanguageModel meteredRefiner =
        refiner == actor ? meteredActor : new MeteredLanguageModel(refiner);
    Traffic traffic = new Traffic(meteredActor, meteredRefiner);
    SelfPlayRound round =
        newRound(config, meteredActor, meteredRefiner, judgePromptText, refinePromptText);
    Lineage lineage = round.lineage();
    int partition = TaskContext.getPartitionId();
    int batchSize = config.job().batchSize();

    List<Row> out = new ArrayList<>();
    List<InputRow> batch = new ArrayList<>(batchSize);
    int roundIndex = 0;
    while (rows.hasNext()) {
      batch.add(InputReader.fromRow(rows.next()));
      if (batch.size() == batchSize || !rows.hasNext()) {
        long[] before = traffic.snapshot();
        RoundOutput output = runBatch(round, lineage, batch, out);
        long[] after = traffic.snapshot();
        RoundMetrics roundMetrics =
            new RoundMetrics(
                partition,
                roundIndex++,
                output.stats(),
                after[0] - before[0],
                after[1] - before[1],
                after[2] - before[2],
                after[3] - before[3]);
        metrics.add(ChunkMetrics.of(roundMetrics, lineage));
        counters.roundDone(
            batch.size(), output.actorPairs().size(), roundMetrics.generatedTokens());
        batch.clear();
      }
    }
    return out.iterator();
  }

  /**
   * Runs one round over a batch: the valid rows' instructions go through the round, the rejected
   * rows get their outcome.
   */
  private static RoundOutput runBatch(
      SelfPlayRound round, Lineage lineage, List<InputRow> batch, List<Row> out) {
    List<Instruction> instructions = new ArrayList<>();
    List<InputRow> rejected = new ArrayList<>();
    for (InputRow row : batch) {
      if (row.isValid()) {
        instructions.add(row.instruction());
      } else {
        rejected.add(row);
      }
    }
    RoundOutput output = round.run(instructions);
    out.addAll(StagedRecords.rows(output));
    for (InputRow row : rejected) {
      InstructionOutcome outcome = row.rejection(lineage);
      out.add(
          StagedRecords.row(OutputTable.OUTCOMES.tableName(), outcome.instructionId(), outcome));
    }
    return output;
  }

  /** The self-play round a task runs, from the configuration, the models and the prompt texts. */
  public static SelfPlayRound newRound(
      SparConfig config,
      LanguageModel actor,
      LanguageModel refiner,
      String judgePromptText,
      String refinePromptText) {
    return SelfPlayStages.of(config, judgePromptText, refinePromptText)
        .round(actor, refiner, config.job().iteration());
  }

  /** The instruction of a valid input row of the job's Dataset ({@link InputReader#fromRow}). */
  public static Instruction instruction(Row row) {
    InputRow input = InputReader.fromRow(row);
    Preconditions.checkArgument(
        input.isValid(),
        "row %s is rejected (%s): it has no instruction",
        input.row(),
        input.error());
    return input.instruction();
  }

  /** The GPU Spark assigned to this task ({@code gpu:<address>}), else the configured device. */
  public static String assignedDevice(String configured) {
    TaskContext context = TaskContext.get();
    if (context != null) {
      ResourceInformation gpu = context.resources().get("gpu").getOrElse(() -> null);
      if (gpu != null && gpu.addresses().length > 0) {
        return "gpu:" + gpu.addresses()[0];
      }
    }
    return configured;
  }

  /** Calls, requests, prompt tokens and generated tokens over the distinct models of a task. */
  private record Traffic(MeteredLanguageModel actor, MeteredLanguageModel refiner) {
    long[] snapshot() {
      long[] totals = {
        actor.calls(), actor.requests(), actor.promptTokens(), actor.generatedTokens()
      };
      if (refiner != actor) {
        totals[0] += refiner.calls();
        totals[1] += refiner.requests();
        totals[2] += refiner.promptTokens();
        totals[3] += refiner.generatedTokens();
      }
      return totals;
    }
  }
}
