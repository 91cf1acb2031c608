package ai.spar.search;

import static org.assertj.core.api.Assertions.assertThat;

import ai.spar.config.JudgeConfig;
import ai.spar.config.JudgeMode;
import ai.spar.config.RefineConfig;
import ai.spar.config.SearchConfig;
import ai.spar.config.SearchPolicy;
import ai.spar.config.Selection;
import ai.spar.config.VerdictRule;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.Prompt;
import java.util.List;
import org.junit.jupiter.api.Test;

class SearchTreeTest {
  private final SearchTestRig rig = new SearchTestRig();

  @Test
  void bfsChecksSuccessOnlyAfterTheWholeLevelAndKeepsTheTopTwo() {
    rig.script.votes("r.0", "YYNNN").votes("r.1", "YNNNN"); // 0.4, 0.2, r.2 = 0
    rig.script.votes("r.0.2", "YYYNN").votes("r.1.0", "YYYYY"); // 0.6 first, 1.0 later in the level
    SearchResult result = rig.run(SearchConfig.defaults());

    assertThat(SearchTestRig.responses(result))
        .containsExactly(
            "r", "r.0", "r.1", "r.2", "r.0.0", "r.0.1", "r.0.2", "r.1.0", "r.1.1", "r.1.2");
    assertThat(result.success().response()).isEqualTo("r.1.0");
    assertThat(result.success().parentId()).isEqualTo(2);
    assertThat(result.success().depth()).isEqualTo(2);
    assertThat(result.treeNodes()).isEqualTo(9);
    // one refine call and one judge call per level; level 2 expands r.0 then r.1, 3 children each
    assertThat(rig.script.model.callCount()).isEqualTo(4);
    List<GenerationRequest> level2 = rig.script.model.calls().get(2);
    assertThat(level2).hasSize(2);
    assertThat(level2.get(0).sampling().n()).isEqualTo(3);
    assertThat(rig.script.model.calls().get(3)).hasSize(6);
    assertThat(result.nodes().stream().map(TreeNode::visitOrder))
        .containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
  }

  @Test
  void theRefineChatCarriesTheParentsCritique() {
    rig.run(SearchConfig.defaults().withNodeBudget(1));
    GenerationRequest refine = rig.script.model.calls().get(0).get(0);
    var messages = ((Prompt.Chat) refine.prompt()).messages();
    assertThat(messages).hasSize(3);
    assertThat(messages.get(0).content()).isEqualTo("JUDGE|instr-r|r|END");
    assertThat(messages.get(1).role()).isEqualTo("assistant");
    assertThat(messages.get(1).content()).startsWith("root critique of r");
    assertThat(messages.get(2).content()).isEqualTo("REFINE");
  }

  @Test
  void budgetIsNeverExceeded() {
    for (int budget = 1; budget <= 16; budget++) {
      SearchTestRig fresh = new SearchTestRig();
      SearchResult result = fresh.run(SearchConfig.defaults().withNodeBudget(budget));
      assertThat(result.treeNodes()).isEqualTo(Math.min(budget, 15));
      assertThat(result.succeeded()).isFalse();
    }
  }

  @Test
  void budgetCutsALevelShort() {
    SearchResult result = rig.run(SearchConfig.defaults().withNodeBudget(4));
    assertThat(SearchTestRig.responses(result)).containsExactly("r", "r.0", "r.1", "r.2", "r.0.0");
  }

  @Test
  void tiesAreResampledThenDroppedWithoutCharge() {
    rig.script.votes("r.0", "YYNN?", "YYYNN"); // tie, then 0.6
    rig.script.votes(
        "r.1", "YYNNN".replace("N", "?").replace("YY?", "YN?")); // Y N ? ? ? : always a tie
    SearchResult result = rig.run(SearchConfig.defaults());

    assertThat(result.success().response()).isEqualTo("r.0");
    assertThat(result.nodes().get(2).status()).isEqualTo(NodeStatus.DROPPED_TIE);
    assertThat(result.nodes().get(2).visitOrder()).isEqualTo(-1);
    assertThat(result.droppedTies()).isEqualTo(1);
    assertThat(result.treeNodes()).isEqualTo(2);
    assertThat(rig.script.judged).containsEntry("r.0", 2).containsEntry("r.1", 3);
    // refine, judge 3 items, judge 2 ties again, judge 1 tie a third time
    assertThat(rig.script.model.calls().stream().map(List::size)).containsExactly(1, 3, 2, 1);
    // the retried judgment uses a fresh seed
    long first = rig.script.model.calls().get(1).get(0).sampling().seed();
    long second = rig.script.model.calls().get(2).get(0).sampling().seed();
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void cacheHitsAreChargedAndReuseTheJudgment() {
    rig.script.badRefinements =
        key -> key.equals("r#0") || key.equals("r#2") ? "again\n[[start]]r.1[[end]]" : null;
    rig.script.votes("r.1", "YYNNN");
    SearchResult result = rig.run(SearchConfig.defaults().withNodeBudget(3));
    assertThat(SearchTestRig.responses(result)).containsExactly("r", "r.1", "r.1", "r.1");
    assertThat(result.nodes().stream().map(TreeNode::status))
        .containsExactly(
            NodeStatus.ROOT, NodeStatus.EVALUATED, NodeStatus.CACHED, NodeStatus.CACHED);
    assertThat(result.cacheHits()).isEqualTo(2);
    assertThat(result.treeNodes()).isEqualTo(3);
    assertThat(rig.script.judged).containsEntry("r.1", 1);
    assertThat(result.nodes().get(2).value()).isEqualTo(0.4);
  }

  @Test
  void aRefinementEqualToTheRootHitsTheRootsJudgment() {
    rig.script.badRefinements = key -> key.equals("r#1") ? "[[start]] r [[end]]" : null;
    SearchResult result = rig.run(SearchConfig.defaults().withNodeBudget(3));
    assertThat(result.nodes().get(2).status()).isEqualTo(NodeStatus.CACHED);
    assertThat(rig.script.judged).doesNotContainKey("r");
  }

  @Test
  void formatFailuresAreRetriedThenSkipped() {
    int[] tries = new int[1];
    rig.script.badRefinements =
        key -> key.startsWith("r#") && tries[0]++ < 2 ? "I forgot the markers" : null;
    SearchResult result = rig.run(SearchConfig.defaults().withNodeBudget(3));
    assertThat(result.formatFailures()).isEqualTo(2);
    assertThat(result.skippedBranches()).isZero();
    // attempt 0 asks for 3, attempt 1 for the 2 that failed
    assertThat(rig.script.model.calls().get(0).get(0).sampling().n()).isEqualTo(3);
    assertThat(rig.script.model.calls().get(1).get(0).sampling().n()).isEqualTo(2);

    SearchTestRig strict = new SearchTestRig();
    strict.refine = new RefineConfig(0.7, 1.0, 64, 1);
    strict.script.badRefinements = key -> key.equals("r#1") ? "no markers" : null;
    SearchResult skipped = strict.run(SearchConfig.defaults().withNodeBudget(3));
    // the skipped branch costs no budget: the third node comes from the next level
    assertThat(SearchTestRig.responses(skipped)).containsExactly("r", "r.0", "r.2", "r.0.0");
    assertThat(skipped.skippedBranches()).isEqualTo(1);
    assertThat(skipped.treeNodes()).isEqualTo(3);
  }

  @Test
  void dfsRecursesIntoTheBestChildFirstAndVisitsAtMost21Nodes() {
    rig.script.votes("r.0", "YNNNN").votes("r.1", "YYNNN"); // r.1 (0.4) before r.0 (0.2)
    SearchResult result = rig.run(SearchConfig.defaults().withPolicy(SearchPolicy.DFS));
    List<String> expanded =
        rig.script.model.calls().stream()
            .filter(
                call ->
                    call.get(0).prompt() instanceof Prompt.Chat chat && chat.messages().size() == 3)
            .map(
                call ->
                    ((Prompt.Chat) call.get(0).prompt())
                        .messages()
                        .get(0)
                        .content()
                        .split("\\|")[2])
            .toList();
    assertThat(expanded).containsExactly("r", "r.1", "r.1.0", "r.1.1", "r.0", "r.0.0", "r.0.1");
    assertThat(result.treeNodes()).isEqualTo(21);
    assertThat(result.succeeded()).isFalse();
    assertThat(result.best().response()).isEqualTo("r.1");
  }

  @Test
  void dfsStopsAtTheFirstPassingChild() {
    rig.script.votes("r.1", "YYNNN").votes("r.1.2", "YYYYN");
    SearchResult result = rig.run(SearchConfig.defaults().withPolicy(SearchPolicy.DFS));
    assertThat(result.success().response()).isEqualTo("r.1.2");
    assertThat(result.treeNodes()).isEqualTo(6);
  }

  @Test
  void failedSearchFallsBackToTheBestNode() {
    rig.script.votes("r.2", "YYNNN").votes("r.0.1", "YNNNN");
    SearchResult result = rig.run(SearchConfig.defaults());
    assertThat(result.succeeded()).isFalse();
    assertThat(result.treeNodes()).isEqualTo(15);
    assertThat(result.best().response()).isEqualTo("r.2");
  }

  @Test
  void iterativeRefinementIsAChain() {
    rig.script.votes("r.0.0.0", "YYYNN");
    SearchResult result = rig.run(SearchConfig.defaults().withPolicy(SearchPolicy.ITERATIVE));
    assertThat(SearchTestRig.responses(result)).containsExactly("r", "r.0", "r.0.0", "r.0.0.0");
    assertThat(result.success().depth()).isEqualTo(3);
    assertThat(result.waves()).isEqualTo(3);
  }

  @Test
  void bestOfNRefinesTheRootNTimesAndKeepsTheBest() {
    rig.script.votes("r.4", "YYYNN").votes("r.9", "YYYYY");
    SearchResult result = rig.run(SearchConfig.defaults().withPolicy(SearchPolicy.BEST_OF_N));
    assertThat(result.nodes()).hasSize(16);
    assertThat(result.nodes().stream().skip(1).allMatch(n -> n.depth() == 1)).isTrue();
    assertThat(result.success().response()).isEqualTo("r.9");
    assertThat(rig.script.model.callCount()).isEqualTo(2);
  }

  @Test
  void proportionalSelectionIsSeededAndOnlyPicksLevelChildren() {
    rig.script.votes("r.0", "YNNNN").votes("r.1", "YYNNN").votes("r.2", "NNNNN");
    SearchConfig config = SearchConfig.defaults().withSelection(Selection.PROPORTIONAL);
    SearchResult first = rig.run(config);
    SearchResult again = new SearchTestRig().runWith(rig, config);
    assertThat(SearchTestRig.responses(first)).isEqualTo(SearchTestRig.responses(again));
    List<String> parents =
        first.nodes().stream()
            .filter(n -> n.depth() == 2)
            .map(n -> first.nodes().get(n.parentId()).response())
            .distinct()
            .toList();
    assertThat(parents)
        .hasSize(2)
        .doesNotContain("r.2"); // V = 0 is never drawn while others have mass
  }

  @Test
  void modelCallsDoNotGrowWithTheNumberOfTrees() {
    rig.run(SearchConfig.defaults(), "a");
    int oneTree = rig.script.model.callCount();
    SearchTestRig many = new SearchTestRig();
    String[] roots = new String[50];
    for (int i = 0; i < roots.length; i++) {
      roots[i] = "t" + i;
    }
    List<SearchResult> results = many.run(SearchConfig.defaults(), roots);
    assertThat(many.script.model.callCount()).isEqualTo(oneTree).isEqualTo(6);
    assertThat(many.script.model.calls().get(0)).hasSize(50);
    assertThat(results).allMatch(r -> r.treeNodes() == 15);
  }

  @Test
  void ruleVetoAndStrictParsingStillDriveTheSameSearch() {
    rig.judge = new JudgeConfig(JudgeMode.LLM, 5, 0.7, 1.0, 64, VerdictRule.STRICT, 3);
    rig.script.votes("r.0", "YYYNN");
    assertThat(rig.run(SearchConfig.defaults()).success().response()).isEqualTo("r.0");
  }
}
