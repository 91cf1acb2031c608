package ai.spar.report;

import ai.spar.ifeval.IfevalScorer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the loop's {@code iterations.json} adds: the data paths of each iteration, the trainer's
 * per-step metrics ({@code metrics.jsonl} beside each checkpoint), the evaluation of each iteration
 * and the gate's decisions.
 */
final class LoopSections {
  static final String STATE = "iterations.json";

  /** Charts of a DPO run: title and the metrics drawn together. */
  static final Map<String, List<String>> DPO_CHARTS =
      orderedMap(
          "loss", List.of("loss"),
          "rewards", List.of("rewards/chosen", "rewards/rejected", "rewards/margins"),
          "reward accuracy", List.of("rewards/accuracies"),
          "log-probs", List.of("logps/chosen", "logps/rejected"));

  /** Charts of an SFT run. */
  static final Map<String, List<String>> SFT_CHARTS =
      orderedMap("loss", List.of("loss", "nll"), "gradient norm", List.of("grad_norm"));

  private static final List<String> ACCURACIES =
      List.of("prompt_strict", "prompt_loose", "instruction_strict", "instruction_loose");

  private LoopSections() {}

  /** The loop's state file under its root. */
  static JsonNode state(Path loop) {
    Path file = loop.resolve(STATE);
    try {
      return ReportJson.MAPPER.readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "--loop " + loop + ": cannot read " + file + ": " + e.getMessage(), e);
    }
  }

  /** The data directories the loop's generate steps recorded, in iteration order. */
  static List<String> dataLocations(JsonNode state) {
    List<String> out = new ArrayList<>();
    for (JsonNode it : state.path("iterations")) {
      JsonNode data = it.path("steps").path("generate").path("outputs").path("data");
      if (data.isTextual()) {
        out.add(data.asText());
      }
    }
    return out;
  }

  /** Per iteration and role, the trainer's metrics per step, grouped into charts. */
  static ObjectNode training(JsonNode state) {
    ObjectNode section = ReportJson.object();
    ArrayNode runs = section.putArray("runs");
    for (JsonNode it : state.path("iterations")) {
      for (String role : List.of("actor", "refiner")) {
        JsonNode outputs = it.path("steps").path("train_" + role).path("outputs");
        if (outputs.isMissingNode()) {
          continue;
        }
        ObjectNode run = runs.addObject();
        run.put("iteration", it.path("iteration").asInt());
        run.put("role", role);
        if (outputs.has("skipped")) {
          run.put("note", "skipped: " + outputs.get("skipped").asText());
          continue;
        }
        Path checkpoint = Path.of(outputs.path("checkpoint").asText());
        Path metrics = checkpoint.resolveSibling("metrics.jsonl");
        run.put("metrics_file", metrics.toString());
        List<JsonNode> steps = steps(metrics);
        if (steps.isEmpty()) {
          run.put("note", "no per-step metrics: " + metrics + " is missing or empty");
          continue;
        }
        boolean dpo = steps.get(0).has("rewards/margins");
        run.put("objective", dpo ? "DPO" : "SFT");
        ArrayNode x = run.putArray("steps");
        steps.forEach(s -> x.add(s.path("step").asLong()));
        ArrayNode charts = run.putArray("charts");
        (dpo ? DPO_CHARTS : SFT_CHARTS)
            .forEach(
                (title, keys) -> {
                  ObjectNode chart = charts.addObject();
                  chart.put("title", title);
                  ObjectNode series = chart.putObject("series");
                  for (String key : keys) {
                    ArrayNode values = series.putArray(key);
                    steps.forEach(s -> values.add(s.path(key).asDouble()));
                  }
                });
      }
    }
    if (runs.isEmpty()) {
      return ReportJson.note("the loop has not trained yet: no train_actor or train_refiner step");
    }
    return section;
  }

  private static List<JsonNode> steps(Path metrics) {
    List<JsonNode> steps = new ArrayList<>();
    if (!Files.isRegularFile(metrics)) {
      return steps;
    }
    try {
      for (String line : Files.readAllLines(metrics, StandardCharsets.UTF_8)) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode record = ReportJson.MAPPER.readTree(line);
        if (record.has("step") && !record.has("event")) {
          steps.add(record);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + metrics, e);
    }
    return steps;
  }

  /**
   * Per iteration: IFEval accuracies of M_t (baseline) and M_t+1 (candidate), per constraint id
   * where the evaluation's summary is on disk, and the gate's decision.
   */
  static ObjectNode evaluation(JsonNode state) {
    ObjectNode section = ReportJson.object();
    ArrayNode list = section.putArray("iterations");
    for (JsonNode it : state.path("iterations")) {
      JsonNode after = it.path("steps").path("evaluate").path("outputs").path("metrics");
      if (after.isMissingNode()) {
        continue;
      }
      ObjectNode row = list.addObject();
      row.put("iteration", it.path("iteration").asInt());
      ObjectNode baseline = row.putObject("baseline");
      ObjectNode candidate = row.putObject("candidate");
      for (String key : ACCURACIES) {
        baseline.put(key, it.path("baseline").path(key).asDouble());
        candidate.put(key, after.path(key).asDouble());
      }
      row.set("baseline_per_constraint", perConstraint(it.path("baseline").path("report")));
      row.set("candidate_per_constraint", perConstraint(after.path("report")));
      row.set("gate", it.path("steps").path("gate").path("outputs"));
    }
    if (list.isEmpty()) {
      return ReportJson.note("the loop has not evaluated yet: no evaluate step");
    }
    return section;
  }

  /** Strict accuracy per instruction id from the evaluation's {@code .summary.json}. */
  private static ObjectNode perConstraint(JsonNode report) {
    ObjectNode out = ReportJson.object();
    if (!report.isTextual()) {
      return out;
    }
    Path summary = IfevalScorer.reportPath(Path.of(report.asText()));
    if (!Files.isRegularFile(summary)) {
      return out;
    }
    try {
      ReportJson.MAPPER
          .readTree(summary.toFile())
          .path("per_instruction")
          .fields()
          .forEachRemaining(
              e -> out.put(e.getKey(), e.getValue().path("strict_accuracy").asDouble()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + summary, e);
    }
    return out;
  }

  private static Map<String, List<String>> orderedMap(Object... keysAndValues) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> value = (List<String>) keysAndValues[i + 1];
      map.put((String) keysAndValues[i], value);
    }
    return Collections.unmodifiableMap(map);
  }
}
