package ai.spar.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The run overview, outcomes per iteration and the distributions of pairs, trees and votes. */
final class RunSections {
  private RunSections() {}

  /** Per iteration: configuration, models, timings, tokens per second, model calls. */
  static ObjectNode overview(List<JobRun> runs) {
    ObjectNode section = ReportJson.object();
    ArrayNode list = section.putArray("runs");
    for (JobRun run : runs) {
      JsonNode m = run.manifest();
      ObjectNode o = list.addObject();
      o.put("iteration", run.iteration());
      o.put("location", run.location());
      o.put("application_id", m.path("applicationId").asText(""));
      o.put("master", m.path("master").asText(""));
      o.put("input", m.path("input").asText(""));
      o.put("input_rows", m.path("inputRows").asLong());
      o.put("chunks", m.path("chunks").asInt());
      o.put("rounds", m.path("rounds").asLong());
      o.set("actor", m.path("actor"));
      o.set("refiner", m.path("refiner"));
      o.set("timings_millis", m.path("timingsMillis"));
      o.set("versions", m.path("versions"));
      o.put("model_calls", m.path("modelCalls").asLong());
      o.put("requests", m.path("requests").asLong());
      o.put("prompt_tokens", m.path("promptTokens").asLong());
      o.put("generated_tokens", m.path("generatedTokens").asLong());
      double roundSeconds = m.path("timingsMillis").path("rounds_total").asLong() / 1000.0;
      o.put(
          "generated_tokens_per_second",
          roundSeconds > 0 ? m.path("generatedTokens").asLong() / roundSeconds : 0);
      o.set("config", m.path("config"));
    }
    return section;
  }

  /** Outcome counts by kind, one series per kind over the iterations (a stacked bar chart). */
  static ObjectNode outcomes(List<JobRun> runs) {
    Map<String, Map<Integer, Long>> counts = new TreeMap<>();
    for (JobRun run : runs) {
      for (Map<String, Object> row : run.table("outcomes")) {
        counts
            .computeIfAbsent(String.valueOf(row.get("outcome")), k -> new TreeMap<>())
            .merge(run.iteration(), 1L, Long::sum);
      }
    }
    ObjectNode section = ReportJson.object();
    ArrayNode iterations = section.putArray("iterations");
    runs.forEach(r -> iterations.add(r.iteration()));
    ObjectNode series = section.putObject("counts");
    counts.forEach(
        (kind, byIteration) -> {
          ArrayNode values = series.putArray(kind);
          runs.forEach(r -> values.add(byIteration.getOrDefault(r.iteration(), 0L)));
        });
    ObjectNode tables = section.putObject("tables");
    for (String table : ReportJson.TABLES) {
      ArrayNode rows = tables.putArray(table);
      runs.forEach(
          r -> {
            JsonNode recorded = r.manifest().path("tables").path(table);
            rows.add(recorded.isNumber() ? recorded.asLong() : r.count(table));
          });
    }
    return section;
  }

  /** Pair similarity and edit distance, depth of tree nodes, nodes used, vote agreement. */
  static ObjectNode distributions(List<JobRun> runs) {
    List<Double> similarity = new ArrayList<>();
    List<Integer> editDistance = new ArrayList<>();
    List<Integer> depth = new ArrayList<>();
    List<Integer> nodesUsed = new ArrayList<>();
    List<Double> agreement = new ArrayList<>();
    for (JobRun run : runs) {
      for (Map<String, Object> pair : run.table("actor_pairs")) {
        similarity.add(ReportJson.number(pair.get("similarity")));
        editDistance.add((int) ReportJson.number(pair.get("edit_distance")));
      }
      for (Map<String, Object> outcome : run.table("outcomes")) {
        if (outcome.get("tree_nodes") != null) {
          nodesUsed.add((int) ReportJson.number(outcome.get("tree_nodes")));
        }
      }
      for (Map<String, Object> node : run.table("trees")) {
        depth.add((int) ReportJson.number(node.get("depth")));
      }
      for (Map<String, Object> sample : run.table("samples")) {
        int yes = (int) ReportJson.number(sample.get("yes"));
        int no = (int) ReportJson.number(sample.get("no"));
        if (yes + no > 0) {
          agreement.add((double) Math.max(yes, no) / (yes + no));
        }
      }
    }
    ObjectNode section = ReportJson.object();
    section.set("similarity", ReportJson.tree(Histogram.ofRange(similarity, 0, 1, 10)));
    section.set("edit_distance", ReportJson.tree(Histogram.ofCounts(editDistance, 12)));
    section.set("node_depth", ReportJson.tree(Histogram.ofDistinct(depth, 0)));
    section.set("nodes_used", ReportJson.tree(Histogram.ofCounts(nodesUsed, 12)));
    section.set("vote_agreement", ReportJson.tree(Histogram.ofRange(agreement, 0.5, 1, 5)));
    ObjectNode counts = section.putObject("counts");
    counts.put("pairs", similarity.size());
    counts.put("tree_nodes", depth.size());
    counts.put("judged_samples", agreement.size());
    return section;
  }
}
