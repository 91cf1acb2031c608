package ai.spar.selfplay;

import ai.spar.data.ActorPair;
import ai.spar.data.ChatTurn;
import ai.spar.data.Lineage;
import ai.spar.data.RefinerExample;
import ai.spar.data.RefinerExampleKind;
import ai.spar.data.RefinerPair;
import ai.spar.data.TreeNodeRecord;
import ai.spar.data.VoteRecord;
import ai.spar.judge.Judgment;
import ai.spar.judge.Vote;
import ai.spar.llm.chat.ChatMessage;
import ai.spar.refine.RefinementChat;
import ai.spar.search.SearchResult;
import ai.spar.search.TreeNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a finished search into output records: every node; for a successful tree, the actor pair,
 * the refinement example (kind a) and the sibling preference pairs; and for every tree, failed ones
 * included, its contested judgments (kinds b and c), as the reference's data processing takes them
 * from all trees: a failed tree holds the refiner's hardest cases. The fallback node of a failed
 * tree produces no actor pair and no refinement example. Pure.
 */
final class TreeHarvest {
  private final RefinementChat chat;
  private final double endGate;
  private final String policy;
  private final Lineage lineage;

  TreeHarvest(RefinementChat chat, double endGate, String policy, Lineage lineage) {
    this.chat = chat;
    this.endGate = endGate;
    this.policy = policy;
    this.lineage = lineage;
  }

  List<TreeNodeRecord> nodes(SearchResult result) {
    List<TreeNodeRecord> records = new ArrayList<>(result.nodes().size());
    for (TreeNode node : result.nodes()) {
      records.add(
          new TreeNodeRecord(
              result.root().instructionId(),
              node.id(),
              node.parentId() < 0 ? null : node.parentId(),
              node.depth(),
              node.response(),
              node.reply(),
              node.judgment().critique(),
              node.value(),
              votes(node.judgment()),
              node.visitOrder(),
              node.status().name(),
              node.judgment().decidedBy(),
              node.id() == result.successId(),
              policy,
              lineage));
    }
    return records;
  }

  ActorPair actorPair(SearchResult result) {
    TreeNode chosen = result.success();
    String rejected = result.root().response();
    int distance = EditDistance.between(chosen.response(), rejected);
    return new ActorPair(
        result.root().instructionId(),
        result.root().instruction(),
        chosen.response(),
        rejected,
        chosen.value(),
        result.root().judgment().value(),
        chosen.depth(),
        result.treeNodes(),
        distance,
        EditDistance.similarity(chosen.response(), rejected, distance),
        policy,
        lineage);
  }

  /**
   * Kind a for a successful tree, then kinds b and c (contested judgments, at most one each) for
   * any tree.
   */
  List<RefinerExample> examples(SearchResult result) {
    List<RefinerExample> examples = new ArrayList<>();
    if (result.succeeded()) {
      TreeNode success = result.success();
      TreeNode parent = result.nodes().get(success.parentId());
      examples.add(
          new RefinerExample(
              result.root().instructionId(),
              RefinerExampleKind.REFINEMENT.name(),
              refineChat(result, parent),
              success.reply(),
              success.value(),
              lineage));
    }
    TreeNode high = firstVisited(result, 0.5, 1.0);
    if (high != null) {
      examples.add(judgmentExample(result, high, RefinerExampleKind.TREE_JUDGMENT_HIGH));
    }
    TreeNode low = firstVisited(result, 0.0, 0.5);
    if (low != null) {
      examples.add(judgmentExample(result, low, RefinerExampleKind.TREE_JUDGMENT_LOW));
    }
    return examples;
  }

  /**
   * For each parent with a passing and a failing child: the first passing against the first
   * failing.
   */
  List<RefinerPair> refinerPairs(SearchResult result) {
    List<RefinerPair> pairs = new ArrayList<>();
    for (TreeNode parent : result.nodes()) {
      TreeNode passing = null;
      TreeNode failing = null;
      for (TreeNode child : result.nodes()) {
        if (child.parentId() != parent.id() || !child.status().usable()) {
          continue;
        }
        if (child.value() > endGate && passing == null) {
          passing = child;
        } else if (child.value() <= endGate && failing == null) {
          failing = child;
        }
      }
      if (passing != null && failing != null && !passing.reply().equals(failing.reply())) {
        pairs.add(
            new RefinerPair(
                result.root().instructionId(),
                refineChat(result, parent),
                passing.reply(),
                failing.reply(),
                passing.value(),
                failing.value(),
                lineage));
      }
    }
    return pairs;
  }

  private TreeNode firstVisited(SearchResult result, double above, double below) {
    TreeNode first = null;
    for (TreeNode node : result.nodes()) {
      boolean inRange = node.value() > above && node.value() < below;
      if (node.id() > 0
          && node.status().usable()
          && inRange
          && (first == null || node.visitOrder() < first.visitOrder())) {
        first = node;
      }
    }
    return first;
  }

  private RefinerExample judgmentExample(
      SearchResult result, TreeNode node, RefinerExampleKind kind) {
    return new RefinerExample(
        result.root().instructionId(),
        kind.name(),
        List.of(
            new ChatTurn(
                ChatMessage.USER,
                chat.judgmentPrompt(result.root().instruction(), node.response()))),
        node.judgment().critique(),
        node.value(),
        lineage);
  }

  private List<ChatTurn> refineChat(SearchResult result, TreeNode parent) {
    return turns(
        chat.messages(
            result.root().instruction(), parent.response(), parent.judgment().critique()));
  }

  static List<ChatTurn> turns(List<ChatMessage> messages) {
    return messages.stream().map(m -> new ChatTurn(m.role(), m.content())).toList();
  }

  static List<VoteRecord> votes(Judgment judgment) {
    List<VoteRecord> votes = new ArrayList<>(judgment.votes().size());
    for (Vote vote : judgment.votes()) {
      votes.add(new VoteRecord(vote.text(), vote.verdict().name()));
    }
    return votes;
  }
}
