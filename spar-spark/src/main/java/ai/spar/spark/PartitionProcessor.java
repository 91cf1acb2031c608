package ai.spar.spark;

import ai.spar.config.SparConfig;
import ai.spar.config.SparConfigLoader;
import ai.spar.data.InstructionOutcome;
import ai.spar.data.Lineage;
import ai.spar.data.OutcomeKind;
import ai.spar.data.RoundOutput;
import ai.spar.ifeval.VerifiableInstructions;
import ai.spar.llm.LanguageModel;
import ai.spar.selfplay.Instruction;
import ai.spar.selfplay.MeteredLanguageModel;
import ai.spar.selfplay.SelfPlayRound;
import ai.spar.selfplay.SelfPlayStages;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.Row;

/**
 * Runs self-play rounds over one partition of input rows and emits staged records ({@link
 * StagedRecords}).
 *
 * <p>Serializable configuration only: the configuration as YAML, the prompt texts, a {@link
 * ModelLoader} and the progress accumulators. The models come from {@link ExecutorModels} in the
 * executor, loaded once per JVM and device, and are never part of this object. Rows are taken in
 * batches of {@code job.batch_size}; each batch is one round. Input rows that failed parsing become
 * {@code INVALID_INPUT} outcomes carrying the round's lineage.
 */
public final class PartitionProcessor implements MapPartitionsFunction<Row, Row>, Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<Map<String, Object>>> KWARGS = new TypeReference<>() {};

  private final String configYaml;
  private final String judgePromptText;
  private final String refinePromptText;
  private final ModelLoader loader;
  private final JobCounters counters;

  /**
   * @param configYaml the job configuration ({@link SparConfigLoader#toYaml})
   * @param judgePromptText the judgment prompt's text
   * @param refinePromptText the refinement prompt's text
   * @param loader loads model replicas in executors
   * @param counters progress accumulators registered on the driver
   */
  public PartitionProcessor(
      String configYaml,
      String judgePromptText,
      String refinePromptText,
      ModelLoader loader,
      JobCounters counters) {
    this.configYaml = configYaml;
    this.judgePromptText = judgePromptText;
    this.refinePromptText = refinePromptText;
    this.loader = loader;
    this.counters = counters;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> rows) {
    SparConfig config = SparConfigLoader.parse(configYaml, "job configuration", Map.of());
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
    int partition = TaskContext.getPartitionId();
    int batchSize = config.job().batchSize();

    List<Row> out = new ArrayList<>();
    List<Row> batch = new ArrayList<>(batchSize);
    int roundIndex = 0;
    while (rows.hasNext()) {
      batch.add(rows.next());
      if (batch.size() == batchSize || !rows.hasNext()) {
        long[] before = traffic.snapshot();
        RoundOutput output = runBatch(round, batch, out);
        long[] after = traffic.snapshot();
        RoundMetrics metrics =
            new RoundMetrics(
                partition,
                roundIndex++,
                output.stats(),
                after[0] - before[0],
                after[1] - before[1],
                after[2] - before[2],
                after[3] - before[3]);
        out.add(StagedRecords.row(StagedRecords.ROUND_METRICS, null, metrics));
        counters.roundDone(batch.size(), output.actorPairs().size(), metrics.generatedTokens());
        batch.clear();
      }
    }
    return out.iterator();
  }

  /**
   * Runs one round over a batch; invalid rows get their outcome here, valid ones go through the
   * round.
   */
  private static RoundOutput runBatch(SelfPlayRound round, List<Row> batch, List<Row> out) {
    List<Instruction> instructions = new ArrayList<>();
    List<Row> invalid = new ArrayList<>();
    for (Row row : batch) {
      if (row.isNullAt(row.fieldIndex("error"))) {
        instructions.add(instruction(row));
      } else {
        invalid.add(row);
      }
    }
    RoundOutput output = round.run(instructions);
    out.addAll(StagedRecords.rows(output));
    Lineage lineage = round.lineage();
    for (Row row : invalid) {
      InstructionOutcome outcome =
          InstructionOutcome.of(
              row.getString(row.fieldIndex("id")),
              OutcomeKind.INVALID_INPUT,
              row.getString(row.fieldIndex("error")),
              lineage);
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

  public static Instruction instruction(Row row) {
    List<String> ids = row.getList(row.fieldIndex("instruction_id_list"));
    List<Map<String, Object>> kwargs;
    try {
      kwargs = JSON.readValue(row.getString(row.fieldIndex("kwargs_json")), KWARGS);
    } catch (IOException e) {
      throw new UncheckedIOException("kwargs of " + row.getString(row.fieldIndex("id")), e);
    }
    return new Instruction(
        row.getString(row.fieldIndex("id")),
        row.getString(row.fieldIndex("prompt")),
        ids.isEmpty() ? VerifiableInstructions.NONE : new VerifiableInstructions(ids, kwargs));
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
