package ai.spar.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/** The browsable pair tables (with word-level differences) and drawings of a few trees. */
final class PairSections {
  /** Rows embedded per pair table; the rest are counted, not shown. */
  static final int MAX_PAIRS = 1_000;

  /** Trees drawn. */
  static final int MAX_TREES = 6;

  /** Characters of a critique shown on a tree node. */
  static final int CRITIQUE_EXCERPT = 160;

  private PairSections() {}

  /** Actor pairs, most similar first: prompt, rejected, chosen, their difference and the search. */
  static ObjectNode actorPairs(List<JobRun> runs) {
    Comparator<Map<String, Object>> bySimilarity =
        Comparator.comparingDouble(p -> ReportJson.number(p.get("similarity")));
    PriorityQueue<Map<String, Object>> mostSimilar = new PriorityQueue<>(bySimilarity);
    long total = 0;
    for (JobRun run : runs) {
      for (Map<String, Object> pair : run.table("actor_pairs")) {
        total++;
        pair.put("iteration", run.iteration());
        mostSimilar.add(pair);
        if (mostSimilar.size() > MAX_PAIRS) {
          mostSimilar.poll();
        }
      }
    }
    List<Map<String, Object>> kept = new ArrayList<>(mostSimilar);
    kept.sort(bySimilarity.reversed());
    List<ObjectNode> rows = new ArrayList<>();
    for (Map<String, Object> pair : kept) {
      ObjectNode row = pairRow(pair);
      row.put("similarity", ReportJson.number(pair.get("similarity")));
      row.put("edit_distance", (long) ReportJson.number(pair.get("edit_distance")));
      row.put("depth", (long) ReportJson.number(pair.get("depth")));
      row.put("nodes_used", (long) ReportJson.number(pair.get("nodes_used")));
      rows.add(row);
    }
    return table(rows, total);
  }

  private static ObjectNode pairRow(Map<String, Object> pair) {
    ObjectNode row = ReportJson.object();
    row.put("iteration", (int) ReportJson.number(pair.get("iteration")));
    row.put("instruction_id", (String) pair.get("instruction_id"));
    row.put("prompt", (String) pair.get("prompt"));
    row.put("rejected", (String) pair.get("rejected"));
    row.put("chosen", (String) pair.get("chosen"));
    row.set(
        "diff",
        ReportJson.tree(WordDiff.of((String) pair.get("rejected"), (String) pair.get("chosen"))));
    return row;
  }

  /** Refiner pairs: the refine chat's instruction, the failing and the passing sibling reply. */
  @SuppressWarnings("unchecked")
  static ObjectNode refinerPairs(List<JobRun> runs) {
    List<ObjectNode> rows = new ArrayList<>();
    long total = 0;
    for (JobRun run : runs) {
      for (Map<String, Object> pair : run.table("refiner_pairs")) {
        if (total++ >= MAX_PAIRS) {
          continue;
        }
        List<Object> messages = (List<Object>) pair.getOrDefault("messages", List.of());
        pair.put("iteration", run.iteration());
        pair.put(
            "prompt",
            messages.isEmpty()
                ? ""
                : String.valueOf(
                    ((Map<String, Object>) messages.get(messages.size() - 1)).get("content")));
        ObjectNode row = pairRow(pair);
        row.put("chosen_value", ReportJson.number(pair.get("chosen_value")));
        row.put("rejected_value", ReportJson.number(pair.get("rejected_value")));
        rows.add(row);
      }
    }
    return table(rows, total);
  }

  private static ObjectNode table(List<ObjectNode> rows, long total) {
    ObjectNode section = ReportJson.object();
    section.put("total", total);
    ArrayNode shown = section.putArray("rows");
    rows.forEach(shown::add);
    return section;
  }

  /**
   * A few trees, those that found a pair first and the largest first: nested nodes with value,
   * votes and an excerpt of the critique, the path from the root to the successful node marked.
   */
  static ObjectNode trees(List<JobRun> runs) {
    // choose from the outcomes (one row per instruction), then read only the chosen trees' nodes
    record Candidate(int iteration, String id, boolean pair, long nodes) {}
    Comparator<Candidate> best =
        Comparator.comparing((Candidate c) -> c.pair())
            .thenComparingLong(Candidate::nodes)
            .thenComparing(Comparator.comparingInt(Candidate::iteration).reversed())
            .thenComparing(Candidate::id, Comparator.reverseOrder());
    PriorityQueue<Candidate> chosen = new PriorityQueue<>(best);
    long total = 0;
    for (JobRun run : runs) {
      for (Map<String, Object> outcome : run.table("outcomes")) {
        if (outcome.get("tree_nodes") == null) {
          continue;
        }
        total++;
        chosen.add(
            new Candidate(
                run.iteration(),
                String.valueOf(outcome.get("instruction_id")),
                "PAIR_FOUND".equals(outcome.get("outcome")),
                (long) ReportJson.number(outcome.get("tree_nodes"))));
        if (chosen.size() > MAX_TREES) {
          chosen.poll();
        }
      }
    }
    List<Candidate> order = new ArrayList<>(chosen);
    order.sort(best.reversed());
    Map<String, List<Map<String, Object>>> nodes = new LinkedHashMap<>();
    order.forEach(c -> nodes.put(c.iteration() + "/" + c.id(), new ArrayList<>()));
    for (JobRun run : runs) {
      if (order.stream().noneMatch(c -> c.iteration() == run.iteration())) {
        continue;
      }
      for (Map<String, Object> node : run.table("trees")) {
        List<Map<String, Object>> of =
            nodes.get(run.iteration() + "/" + node.get("instruction_id"));
        if (of != null) {
          of.add(node);
        }
      }
    }
    List<ObjectNode> drawn = new ArrayList<>();
    for (Candidate c : order) {
      List<Map<String, Object>> of = nodes.get(c.iteration() + "/" + c.id());
      if (!of.isEmpty()) {
        drawn.add(tree(c.iteration(), c.id(), of));
      }
    }
    ObjectNode section = ReportJson.object();
    section.put("total", total);
    ArrayNode list = section.putArray("trees");
    drawn.forEach(list::add);
    return section;
  }

  private static ObjectNode tree(int iteration, String id, List<Map<String, Object>> nodes) {
    Map<Integer, Map<String, Object>> byId = new LinkedHashMap<>();
    nodes.forEach(n -> byId.put((int) ReportJson.number(n.get("node_id")), n));
    Set<Integer> path = new HashSet<>();
    for (Map<String, Object> n : nodes) {
      if (Boolean.TRUE.equals(n.get("success"))) {
        for (Object at = n.get("node_id"); at != null; ) {
          int nodeId = (int) ReportJson.number(at);
          path.add(nodeId);
          at = byId.containsKey(nodeId) ? byId.get(nodeId).get("parent_id") : null;
        }
      }
    }
    Map<Integer, ObjectNode> drawn = new LinkedHashMap<>();
    ObjectNode root = null;
    for (Map.Entry<Integer, Map<String, Object>> e : byId.entrySet()) {
      drawn.put(e.getKey(), node(e.getValue(), path.contains(e.getKey())));
    }
    for (Map.Entry<Integer, Map<String, Object>> e : byId.entrySet()) {
      Object parent = e.getValue().get("parent_id");
      ObjectNode n = drawn.get(e.getKey());
      if (parent == null || !drawn.containsKey((int) ReportJson.number(parent))) {
        root = root == null ? n : root;
      } else {
        ((ArrayNode) drawn.get((int) ReportJson.number(parent)).withArray("children")).add(n);
      }
    }
    ObjectNode tree = ReportJson.object();
    tree.put("iteration", iteration);
    tree.put("instruction_id", id);
    tree.put("nodes", nodes.size());
    tree.put("success", !path.isEmpty());
    tree.set("root", root);
    return tree;
  }

  @SuppressWarnings("unchecked")
  private static ObjectNode node(Map<String, Object> row, boolean onPath) {
    long yes = 0;
    long no = 0;
    for (Object vote : (List<Object>) row.getOrDefault("votes", List.of())) {
      Object verdict = vote instanceof Map<?, ?> m ? m.get("verdict") : null;
      yes += "YES".equals(verdict) ? 1 : 0;
      no += "NO".equals(verdict) ? 1 : 0;
    }
    ObjectNode n = ReportJson.object();
    n.put("name", "#" + row.get("node_id"));
    n.put("value", ReportJson.number(row.get("value")));
    n.put("votes", yes + " yes / " + no + " no");
    n.put("status", String.valueOf(row.get("status")));
    n.put("success", Boolean.TRUE.equals(row.get("success")));
    n.put("on_path", onPath);
    n.put("critique", ReportJson.excerpt(row.get("critique"), CRITIQUE_EXCERPT));
    n.put("response", ReportJson.excerpt(row.get("response"), CRITIQUE_EXCERPT));
    n.putArray("children");
    return n;
  }
}
