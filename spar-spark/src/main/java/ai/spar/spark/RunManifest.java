package ai.spar.spark;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * The record of one generation run, written as {@code _run.json} next to the tables.
 *
 * @param iteration the SPaR iteration
 * @param applicationId Spark's application id
 * @param master the Spark master
 * @param input the input path
 * @param output the published iteration directory
 * @param inputRows rows read from the input (equals the outcome count)
 * @param chunks chunks of the run; {@code resumedChunks} were committed by an earlier attempt and
 *     not recomputed
 * @param resumedChunks chunk indices reused from an interrupted run
 * @param actor the actor's model id and weights hash
 * @param refiner the refiner's model id and weights hash
 * @param outcomes outcome counts by kind
 * @param tables row counts by table
 * @param timingsMillis wall time per stage of the driver, plus {@code rounds_total}: the summed
 *     round time in tasks
 * @param rounds self-play rounds whose output was kept
 * @param modelCalls {@code generate} calls of those rounds
 * @param requests generation requests of those calls
 * @param promptTokens prompt tokens of those requests
 * @param generatedTokens generated tokens
 * @param versions versions of SPaR, Spark, DJL and Java
 * @param config the configuration the run used
 * @param runId the run that published the iteration (the holder of the output's lease)
 */
public record RunManifest(
    int iteration,
    String applicationId,
    String master,
    String input,
    String output,
    long inputRows,
    int chunks,
    List<Integer> resumedChunks,
    Map<String, String> actor,
    Map<String, String> refiner,
    Map<String, Long> outcomes,
    Map<String, Long> tables,
    Map<String, Long> timingsMillis,
    long rounds,
    long modelCalls,
    long requests,
    long promptTokens,
    long generatedTokens,
    Map<String, String> versions,
    JsonNode config,
    String runId) {

  /** Pairs found. */
  public long pairs() {
    return tables.getOrDefault(OutputTable.ACTOR_PAIRS.tableName(), 0L);
  }
}
