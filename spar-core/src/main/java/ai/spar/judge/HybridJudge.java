package ai.spar.judge;

import ai.spar.config.JudgeMode;
import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Combines the rule judge and the LLM judge by {@link JudgeMode}: rules only, LLM only, or rules
 * veto (a failed rule is a definitive No decided by the rules; the LLM judges everything else, in
 * one call). Each judgment's {@code decidedBy} names the judge whose verdict stands.
 */
public final class HybridJudge implements Judge {
  private final JudgeMode mode;
  private final Judge rules;
  private final Judge llm;

  /**
   * @param mode the combination
   * @param rules the rule judge; may be null when {@code mode} is {@link JudgeMode#LLM}
   * @param llm the LLM judge; may be null when {@code mode} is {@link JudgeMode#RULES}
   */
  public HybridJudge(JudgeMode mode, Judge rules, Judge llm) {
    Preconditions.checkArgument(mode != null, "mode must not be null");
    Preconditions.checkArgument(
        rules != null || mode == JudgeMode.LLM,
        "judge mode %s needs a rule judge (an IFEval verifier), but none was given",
        mode);
    Preconditions.checkArgument(
        llm != null || mode == JudgeMode.RULES,
        "judge mode %s needs an LLM judge, but none was given",
        mode);
    this.mode = mode;
    this.rules = rules;
    this.llm = llm;
  }

  @Override
  public List<Judgment> judge(List<JudgeItem> items) {
    return switch (mode) {
      case LLM -> llm.judge(items);
      case RULES -> rules.judge(items);
      case RULES_VETO -> judgeWithVeto(items);
    };
  }

  private List<Judgment> judgeWithVeto(List<JudgeItem> items) {
    Judgment[] out = new Judgment[items.size()];
    List<JudgeItem> rest = new ArrayList<>();
    List<Integer> restIndex = new ArrayList<>();
    List<Judgment> ruled = rules.judge(items);
    for (int i = 0; i < items.size(); i++) {
      if (ruled.get(i).decision() == Decision.FAIL) {
        out[i] = ruled.get(i);
      } else {
        rest.add(items.get(i));
        restIndex.add(i);
      }
    }
    List<Judgment> voted = llm.judge(rest);
    for (int j = 0; j < rest.size(); j++) {
      out[restIndex.get(j)] = voted.get(j);
    }
    return Arrays.asList(out);
  }

  @Override
  public String kind() {
    return mode.name().toLowerCase(Locale.ROOT);
  }
}
