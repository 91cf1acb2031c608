package ai.spar.search;

import ai.spar.config.JudgeConfig;
import ai.spar.config.RefineConfig;
import ai.spar.config.SearchConfig;
import ai.spar.config.SeedDeriver;
import ai.spar.judge.Judgment;
import ai.spar.judge.MajorityVoteJudge;
import ai.spar.judge.Verdict;
import ai.spar.judge.Vote;
import ai.spar.refine.Refiner;
import ai.spar.testing.SparScript;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds trees over a {@link SparScript} and runs them with the real refiner, judge and scheduler.
 */
final class SearchTestRig {
  final SparScript script = new SparScript();
  RefineConfig refine = RefineConfig.defaults();
  JudgeConfig judge = JudgeConfig.defaults();
  WaveStats stats;

  static TreeRoot root(String id, String response) {
    Judgment failed =
        Judgment.fromVotes(
            List.of(new Vote("root critique of " + response + "\nFinal Judgement: No", Verdict.NO)),
            Judgment.LLM);
    return new TreeRoot(id, "instr-" + id, null, response, failed);
  }

  List<SearchResult> run(SearchConfig search, String... roots) {
    List<SearchTree> trees = new ArrayList<>();
    for (String r : roots) {
      trees.add(SearchTree.create(root(r, r), search, new SeedDeriver(7), judge.tieAttempts()));
    }
    WaveScheduler scheduler =
        new WaveScheduler(
            new Refiner(script.model, SparScript.chat(), refine),
            new MajorityVoteJudge(script.model, SparScript.JUDGE, judge));
    stats = scheduler.run(trees);
    return trees.stream().map(SearchTree::result).toList();
  }

  /** Runs with the other rig's vote script (a replay of the same world). */
  SearchResult runWith(SearchTestRig other, SearchConfig search) {
    script.votes.putAll(other.script.votes);
    return run(search);
  }

  SearchResult run(SearchConfig search) {
    return run(search, "r").get(0);
  }

  static List<String> responses(SearchResult result) {
    return result.nodes().stream().map(TreeNode::response).toList();
  }
}
