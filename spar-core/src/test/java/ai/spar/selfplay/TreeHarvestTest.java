package ai.spar.selfplay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import ai.spar.data.ActorPair;
import ai.spar.data.ChatTurn;
import ai.spar.data.Lineage;
import ai.spar.data.RefinerExample;
import ai.spar.data.RefinerExampleKind;
import ai.spar.data.RefinerPair;
import ai.spar.data.TreeNodeRecord;
import ai.spar.judge.Judgment;
import ai.spar.judge.Verdict;
import ai.spar.judge.Vote;
import ai.spar.llm.chat.ChatMessage;
import ai.spar.search.NodeStatus;
import ai.spar.search.SearchResult;
import ai.spar.search.TreeNode;
import ai.spar.search.TreeRoot;
import ai.spar.testing.SparScript;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which training records a finished tree gives: a passed tree with unanimous judgments, a failed
 * tree, and a passed tree with contested judgments (end gate 0.5, the scripted prompts).
 */
class TreeHarvestTest {
  private static final Lineage LINEAGE = new Lineage(1, "actor", "a1", "refiner", "r1", "llm", 7);
  private static final TreeHarvest HARVEST =
      new TreeHarvest(SparScript.chat(), 0.5, "BFS", LINEAGE);

  /** A judgment from a vote pattern: Y yes, N no, each vote's text is its letter and index. */
  private static Judgment judgment(String pattern) {
    List<Vote> votes = new ArrayList<>();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      votes.add(new Vote(c + "" + i, c == 'Y' ? Verdict.YES : Verdict.NO));
    }
    return Judgment.fromVotes(votes, Judgment.LLM);
  }

  private static TreeNode root(String response, String pattern) {
    return new TreeNode(0, -1, 0, response, null, judgment(pattern), 0, 0, NodeStatus.ROOT);
  }

  private static TreeNode child(
      int id, TreeNode parent, String response, String pattern, int visitOrder) {
    Judgment judgment = judgment(pattern);
    return new TreeNode(
        id,
        parent.id(),
        parent.depth() + 1,
        response,
        "[[start]]" + response + "[[end]]",
        judgment,
        judgment.value(),
        visitOrder,
        NodeStatus.EVALUATED);
  }

  private static SearchResult result(List<TreeNode> nodes, int successId, int bestId) {
    TreeNode root = nodes.get(0);
    return new SearchResult(
        new TreeRoot("q", "the instruction", null, root.response(), root.judgment()),
        nodes,
        successId,
        bestId,
        nodes.size() - 1,
        0,
        0,
        0,
        0,
        1,
        List.of());
  }

  private static List<ChatTurn> refineChat(TreeNode parent) {
    return List.of(
        new ChatTurn(ChatMessage.USER, "JUDGE|the instruction|" + parent.response() + "|END"),
        new ChatTurn(ChatMessage.ASSISTANT, parent.judgment().critique()),
        new ChatTurn(ChatMessage.USER, "REFINE"));
  }

  @Test
  void aPassedTreeGivesItsActorPairRefinementAndSiblingPairButNoUnanimousJudgments() {
    TreeNode root = root("r", "NNNNY");
    TreeNode failing = child(1, root, "r.0", "NNNNN", 1);
    TreeNode passing = child(2, root, "r.1", "YYYYY", 2);
    SearchResult result = result(List.of(root, failing, passing), 2, 2);

    ActorPair pair = HARVEST.actorPair(result);
    assertThat(pair)
        .isEqualTo(
            new ActorPair(
                "q",
                "the instruction",
                "r.1",
                "r",
                1.0,
                0.2,
                1,
                2,
                2,
                1.0 - 2.0 / 3,
                "BFS",
                LINEAGE));
    assertThat(HARVEST.examples(result))
        .containsExactly(
            new RefinerExample(
                "q",
                RefinerExampleKind.REFINEMENT.name(),
                refineChat(root),
                passing.reply(),
                1.0,
                LINEAGE));
    assertThat(HARVEST.refinerPairs(result))
        .containsExactly(
            new RefinerPair(
                "q", refineChat(root), passing.reply(), failing.reply(), 1.0, 0.0, LINEAGE));
    assertThat(HARVEST.nodes(result))
        .extracting(TreeNodeRecord::nodeId, TreeNodeRecord::parentId, TreeNodeRecord::success)
        .containsExactly(tuple(0, null, false), tuple(1, 0, false), tuple(2, 0, true));
  }

  @Test
  void aFailedTreeGivesItsNodesAndContestedLowJudgmentOnly() {
    TreeNode root = root("f", "NNNNN");
    TreeNode unanimous = child(1, root, "f.0", "NNNNN", 1);
    TreeNode contested = child(2, root, "f.1", "YNNNN", 2);
    TreeNode dropped =
        new TreeNode(3, 2, 2, "f.1.0", "f.1.0", judgment("YYNN"), 0.5, -1, NodeStatus.DROPPED_TIE);
    SearchResult result = result(List.of(root, unanimous, contested, dropped), -1, 2);

    assertThat(HARVEST.examples(result))
        .containsExactly(
            new RefinerExample(
                "q",
                RefinerExampleKind.TREE_JUDGMENT_LOW.name(),
                List.of(new ChatTurn(ChatMessage.USER, "JUDGE|the instruction|f.1|END")),
                contested.judgment().critique(),
                0.2,
                LINEAGE));
    assertThat(HARVEST.refinerPairs(result)).isEmpty();
    assertThat(HARVEST.nodes(result))
        .extracting(TreeNodeRecord::status)
        .containsExactly("ROOT", "EVALUATED", "EVALUATED", "DROPPED_TIE");
    assertThat(HARVEST.nodes(result)).noneMatch(TreeNodeRecord::success);
    assertThatThrownBy(() -> HARVEST.actorPair(result))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the search of q failed");
  }

  @Test
  void aContestedTreeGivesTheFirstVisitedHighAndLowJudgmentsAndOnePairPerParent() {
    TreeNode root = root("c", "NNNNN");
    TreeNode high = child(1, root, "c.0", "YYYYN", 3);
    TreeNode low = child(2, root, "c.1", "YYNNN", 1);
    TreeNode firstHigh = child(3, root, "c.2", "YYYNN", 2);
    TreeNode grandchildPass = child(4, low, "c.1.0", "YYYYY", 4);
    TreeNode grandchildFail = child(5, low, "c.1.1", "NNNNN", 5);
    SearchResult result =
        result(List.of(root, high, low, firstHigh, grandchildPass, grandchildFail), 3, 4);

    List<RefinerExample> examples = HARVEST.examples(result);
    assertThat(examples)
        .extracting(RefinerExample::kind)
        .containsExactly(
            RefinerExampleKind.REFINEMENT.name(),
            RefinerExampleKind.TREE_JUDGMENT_HIGH.name(),
            RefinerExampleKind.TREE_JUDGMENT_LOW.name());
    assertThat(examples.get(0).completion()).isEqualTo(firstHigh.reply());
    assertThat(examples.get(1).messages().get(0).content())
        .isEqualTo("JUDGE|the instruction|c.2|END");
    assertThat(examples.get(1).completion()).isEqualTo(firstHigh.judgment().critique());
    assertThat(examples.get(2).messages().get(0).content())
        .isEqualTo("JUDGE|the instruction|c.1|END");
    assertThat(HARVEST.refinerPairs(result))
        .extracting(RefinerPair::messages, RefinerPair::chosen, RefinerPair::rejected)
        .containsExactly(
            tuple(refineChat(root), high.reply(), low.reply()),
            tuple(refineChat(low), grandchildPass.reply(), grandchildFail.reply()));
    assertThat(HARVEST.actorPair(result).chosen()).isEqualTo("c.2");
  }
}
