package ai.spar.config;

import ai.spar.llm.SamplingParams;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * How responses are judged.
 *
 * @param mode which judge decides (LLM, rules, or rules veto)
 * @param votes N, the number of sampled judgments per response, {@code >= 1}
 * @param temperature judgment sampling temperature, {@code >= 0}
 * @param topP nucleus mass in (0, 1]
 * @param maxNewTokens the longest judgment in tokens, {@code >= 1}
 * @param verdict how a judgment text is parsed into a verdict
 * @param tieAttempts how many times a tied node of a tree is judged before it is dropped (the first
 *     judgment included), {@code >= 1}; negative collection never resamples a tie
 */
public record JudgeConfig(
    JudgeMode mode,
    int votes,
    double temperature,
    double topP,
    int maxNewTokens,
    VerdictRule verdict,
    int tieAttempts) {
  public static final JudgeMode DEFAULT_MODE = JudgeMode.LLM;
  public static final int DEFAULT_VOTES = 5;
  public static final double DEFAULT_TEMPERATURE = 0.7;
  public static final double DEFAULT_TOP_P = 1.0;
  public static final int DEFAULT_MAX_NEW_TOKENS = 1024;
  public static final VerdictRule DEFAULT_VERDICT = VerdictRule.REFERENCE;
  public static final int DEFAULT_TIE_ATTEMPTS = 3;

  public JudgeConfig {
    Preconditions.checkArgument(mode != null, "judge.mode must be one of llm, rules, rules_veto");
    Preconditions.checkArgument(votes >= 1, "judge.votes must be >= 1, but was: %s", votes);
    Checks.sampling("judge", temperature, topP, maxNewTokens);
    Preconditions.checkArgument(verdict != null, "judge.verdict must be one of reference, strict");
    Preconditions.checkArgument(
        tieAttempts >= 1, "judge.tie_attempts must be >= 1, but was: %s", tieAttempts);
  }

  /**
   * The paper's settings: N=5 votes at temperature 0.7, top_p 1.0; reference verdict rule; 3 tie
   * attempts.
   */
  public static JudgeConfig defaults() {
    return new JudgeConfig(
        DEFAULT_MODE,
        DEFAULT_VOTES,
        DEFAULT_TEMPERATURE,
        DEFAULT_TOP_P,
        DEFAULT_MAX_NEW_TOKENS,
        DEFAULT_VERDICT,
        DEFAULT_TIE_ATTEMPTS);
  }

  /** Sampling parameters for judging one response: {@code votes} completions from one request. */
  public SamplingParams sampling(long seed) {
    return new SamplingParams(temperature, topP, 0, maxNewTokens, votes, List.of(), seed);
  }
}
