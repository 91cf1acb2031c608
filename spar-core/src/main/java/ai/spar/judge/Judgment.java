package ai.spar.judge;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The judgment of one response: the votes, their tally, the value and the kept critique.
 *
 * @param decision pass, fail, undecided (a tie) or error
 * @param value V = yes / (yes + no) in [0, 1]; 0.5 when no vote was parseable or on error
 * @param yes number of Yes votes
 * @param no number of No votes
 * @param unparseable number of votes without a readable verdict
 * @param critique the first vote agreeing with the majority (the judgment used for refinement and
 *     training); empty when undecided or on error
 * @param votes every vote, in sample order
 * @param decidedBy which judge decided: {@code llm} or {@code rules}
 * @param error why the judge could not run, or {@code null}
 */
public record Judgment(
    Decision decision,
    double value,
    int yes,
    int no,
    int unparseable,
    String critique,
    List<Vote> votes,
    String decidedBy,
    String error) {
  public static final String LLM = "llm";
  public static final String RULES = "rules";

  public Judgment {
    Preconditions.checkArgument(decision != null, "decision must not be null");
    Preconditions.checkArgument(
        value >= 0 && value <= 1, "value must be in [0, 1], but was: %s", value);
    Preconditions.checkArgument(
        yes >= 0 && no >= 0 && unparseable >= 0, "vote counts must be >= 0");
    Preconditions.checkArgument(critique != null, "critique must not be null");
    Preconditions.checkArgument(decidedBy != null, "decidedBy must not be null");
    Preconditions.checkArgument(
        (decision == Decision.ERROR) == (error != null),
        "error must be set exactly when the decision is ERROR, but decision was %s and error %s",
        decision,
        error);
    votes = List.copyOf(votes);
  }

  /**
   * Tallies votes: the majority of Yes over No among parseable votes decides; a tie (0-0 included)
   * is undecided; the critique is the first vote whose verdict equals the majority.
   */
  public static Judgment fromVotes(List<Vote> votes, String decidedBy) {
    int yes = 0;
    int no = 0;
    int unparseable = 0;
    for (Vote vote : votes) {
      switch (vote.verdict()) {
        case YES -> yes++;
        case NO -> no++;
        case UNPARSEABLE -> unparseable++;
      }
    }
    double value = yes + no == 0 ? 0.5 : (double) yes / (yes + no);
    Decision decision = yes > no ? Decision.PASS : no > yes ? Decision.FAIL : Decision.UNDECIDED;
    String critique = "";
    if (decision != Decision.UNDECIDED) {
      Verdict majority = decision == Decision.PASS ? Verdict.YES : Verdict.NO;
      for (Vote vote : votes) {
        if (vote.verdict() == majority) {
          critique = vote.text();
          break;
        }
      }
    }
    return new Judgment(decision, value, yes, no, unparseable, critique, votes, decidedBy, null);
  }

  /** A judgment that could not be made, with the reason. */
  public static Judgment error(String message, String decidedBy) {
    return new Judgment(Decision.ERROR, 0.5, 0, 0, 0, "", List.of(), decidedBy, message);
  }

  /**
   * Whether at least one parseable vote disagrees with the majority (a contested, informative
   * judgment).
   */
  public boolean contested() {
    return (decision == Decision.PASS && no > 0) || (decision == Decision.FAIL && yes > 0);
  }
}
