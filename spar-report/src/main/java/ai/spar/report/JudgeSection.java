package ai.spar.report;

import ai.spar.ifeval.CheckResult;
import ai.spar.ifeval.IfevalVerifier;
import ai.spar.report.InputConstraints.Constrained;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where constraints are known: outcomes per constraint id, and the judge's decisions on the actor's
 * samples against IFEval's strict checkers (agreement and a confusion matrix per constraint id).
 */
final class JudgeSection {
  private JudgeSection() {}

  /** Counts of one constraint id: judge PASS/FAIL by checker followed/not followed. */
  static final class Confusion {
    long judgePassCheckerPass;
    long judgePassCheckerFail;
    long judgeFailCheckerPass;
    long judgeFailCheckerFail;

    void add(boolean judgePass, boolean checkerPass) {
      if (judgePass) {
        if (checkerPass) {
          judgePassCheckerPass++;
        } else {
          judgePassCheckerFail++;
        }
      } else if (checkerPass) {
        judgeFailCheckerPass++;
      } else {
        judgeFailCheckerFail++;
      }
    }

    ObjectNode toJson() {
      ObjectNode o = ReportJson.object();
      long total =
          judgePassCheckerPass + judgePassCheckerFail + judgeFailCheckerPass + judgeFailCheckerFail;
      o.put("total", total);
      o.put("judge_pass_checker_pass", judgePassCheckerPass);
      o.put("judge_pass_checker_fail", judgePassCheckerFail);
      o.put("judge_fail_checker_pass", judgeFailCheckerPass);
      o.put("judge_fail_checker_fail", judgeFailCheckerFail);
      o.put(
          "agreement",
          total == 0 ? 0 : (double) (judgePassCheckerPass + judgeFailCheckerFail) / total);
      return o;
    }
  }

  /** Outcome counts per constraint id (an instruction with two constraints counts under both). */
  static ObjectNode outcomesByConstraint(List<JobRun> runs, Map<Integer, InputConstraints> inputs) {
    Map<String, Map<String, Long>> counts = new TreeMap<>();
    for (JobRun run : runs) {
      InputConstraints constraints = inputs.get(run.iteration());
      for (Map<String, Object> row : run.table("outcomes")) {
        Constrained c = constraints.byId().get(String.valueOf(row.get("instruction_id")));
        if (c == null || row.get("message") != null && "INVALID_INPUT".equals(row.get("outcome"))) {
          continue;
        }
        for (String id : c.instructions().instructionIds()) {
          counts
              .computeIfAbsent(String.valueOf(row.get("outcome")), k -> new TreeMap<>())
              .merge(id, 1L, Long::sum);
        }
      }
    }
    if (counts.isEmpty()) {
      return ReportJson.note(
          "no outcome has known constraints: the job's input (JSONL with instruction_id_list) is"
              + " not readable from here, or its instructions carry no verifiable constraints");
    }
    TreeMap<String, Boolean> ids = new TreeMap<>();
    counts.values().forEach(m -> m.keySet().forEach(k -> ids.put(k, true)));
    ObjectNode section = ReportJson.object();
    ArrayNode idList = section.putArray("constraint_ids");
    ids.keySet().forEach(idList::add);
    ObjectNode series = section.putObject("counts");
    counts.forEach(
        (kind, byId) -> {
          ArrayNode values = series.putArray(kind);
          ids.keySet().forEach(id -> values.add(byId.getOrDefault(id, 0L)));
        });
    return section;
  }

  /** The judge's PASS/FAIL on actor samples against the strict checkers of each constraint. */
  static ObjectNode judgeVersusCheckers(List<JobRun> runs, Map<Integer, InputConstraints> inputs) {
    IfevalVerifier strict = IfevalVerifier.strict();
    Map<String, Confusion> perConstraint = new TreeMap<>();
    Confusion all = new Confusion();
    Map<String, Long> decidedBy = new TreeMap<>();
    for (JobRun run : runs) {
      InputConstraints constraints = inputs.get(run.iteration());
      for (Map<String, Object> sample : run.table("samples")) {
        Constrained c = constraints.byId().get(String.valueOf(sample.get("instruction_id")));
        Object decision = sample.get("decision");
        if (c == null || !("PASS".equals(decision) || "FAIL".equals(decision))) {
          continue;
        }
        List<CheckResult> checks;
        try {
          checks = strict.verify(c.instructions(), c.prompt(), (String) sample.get("response"));
        } catch (IllegalArgumentException e) {
          continue; // an unknown constraint id: nothing to compare with
        }
        boolean judgePass = "PASS".equals(decision);
        boolean allPass = true;
        for (CheckResult check : checks) {
          perConstraint
              .computeIfAbsent(check.instructionId(), k -> new Confusion())
              .add(judgePass, check.passed());
          allPass &= check.passed();
        }
        all.add(judgePass, allPass);
        decidedBy.merge(String.valueOf(sample.get("decided_by")), 1L, Long::sum);
      }
    }
    if (perConstraint.isEmpty()) {
      return ReportJson.note(
          "no judged sample has known constraints, so the judge cannot be compared with the"
              + " checkers (the input must be JSONL with instruction_id_list and kwargs)");
    }
    ObjectNode section = ReportJson.object();
    section.set("overall", all.toJson());
    section.set("decided_by", ReportJson.tree(decidedBy));
    ObjectNode per = section.putObject("per_constraint");
    perConstraint.forEach((id, confusion) -> per.set(id, confusion.toJson()));
    return section;
  }
}
