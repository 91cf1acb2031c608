package ai.spar.search;

import ai.spar.judge.Judge;
import ai.spar.judge.JudgeItem;
import ai.spar.judge.Judgment;
import ai.spar.refine.RefineOutcome;
import ai.spar.refine.RefineRequest;
import ai.spar.refine.Refiner;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Advances many search trees together. Each wave collects the expansions of every live tree into
 * one refinement batch, then the new nodes of every tree into one judgment batch (repeated only for
 * tied nodes, at most {@code tieAttempts - 1} more times). The number of model calls therefore
 * depends on the search depth, never on the number of trees.
 */
public final class WaveScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(WaveScheduler.class);

  private final Refiner refiner;
  private final Judge judge;

  public WaveScheduler(Refiner refiner, Judge judge) {
    Preconditions.checkArgument(refiner != null, "refiner must not be null");
    Preconditions.checkArgument(judge != null, "judge must not be null");
    this.refiner = refiner;
    this.judge = judge;
  }

  /** Runs every tree to the end; read the outcomes with {@link SearchTree#result()}. */
  public WaveStats run(List<SearchTree> trees) {
    int waves = 0;
    int refineBatches = 0;
    int judgeBatches = 0;
    int refineRequests = 0;
    int judgeItems = 0;
    while (true) {
      List<SearchTree> live = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      List<RefineRequest> requests = new ArrayList<>();
      for (SearchTree tree : trees) {
        List<RefineRequest> wanted = tree.expansions();
        if (!wanted.isEmpty()) {
          live.add(tree);
          sizes.add(wanted.size());
          requests.addAll(wanted);
        }
      }
      if (live.isEmpty()) {
        break;
      }
      waves++;
      refineBatches++;
      refineRequests += requests.size();
      List<RefineOutcome> outcomes = refiner.refine(requests);
      int offset = 0;
      for (int t = 0; t < live.size(); t++) {
        live.get(t).acceptRefinements(outcomes.subList(offset, offset + sizes.get(t)));
        offset += sizes.get(t);
      }
      while (true) {
        List<SearchTree> judged = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        List<JudgeItem> items = new ArrayList<>();
        for (SearchTree tree : live) {
          List<JudgeItem> wanted = tree.evaluations();
          if (!wanted.isEmpty()) {
            judged.add(tree);
            counts.add(wanted.size());
            items.addAll(wanted);
          }
        }
        if (items.isEmpty()) {
          break;
        }
        judgeBatches++;
        judgeItems += items.size();
        List<Judgment> judgments = judge.judge(items);
        int from = 0;
        for (int t = 0; t < judged.size(); t++) {
          judged.get(t).acceptJudgments(judgments.subList(from, from + counts.get(t)));
          from += counts.get(t);
        }
      }
      live.forEach(SearchTree::endWave);
      LOG.debug("wave {}: {} live trees, {} refine requests", waves, live.size(), requests.size());
    }
    return new WaveStats(waves, refineBatches, judgeBatches, refineRequests, judgeItems);
  }
}
