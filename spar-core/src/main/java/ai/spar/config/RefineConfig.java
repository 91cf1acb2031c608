package ai.spar.config;

import ai.spar.llm.SamplingParams;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * How the refiner rewrites a failed response.
 *
 * @param temperature refinement sampling temperature, {@code >= 0}
 * @param topP nucleus mass in (0, 1]
 * @param maxNewTokens the longest refinement reply (reflection plus refined output) in tokens,
 *     {@code >= 1}
 * @param formatAttempts how many times a refinement without a {@code [[start]]} marker is sampled
 *     before the branch is skipped (the first try included), {@code >= 1}
 */
public record RefineConfig(double temperature, double topP, int maxNewTokens, int formatAttempts) {
  public static final double DEFAULT_TEMPERATURE = 0.7;
  public static final double DEFAULT_TOP_P = 1.0;
  public static final int DEFAULT_MAX_NEW_TOKENS = 2048;
  public static final int DEFAULT_FORMAT_ATTEMPTS = 3;

  public RefineConfig {
    Checks.sampling("refine", temperature, topP, maxNewTokens);
    Preconditions.checkArgument(
        formatAttempts >= 1, "refine.format_attempts must be >= 1, but was: %s", formatAttempts);
  }

  /** Temperature 0.7, top_p 1.0 (the judge's sampling), 2048 new tokens, 3 format attempts. */
  public static RefineConfig defaults() {
    return new RefineConfig(
        DEFAULT_TEMPERATURE, DEFAULT_TOP_P, DEFAULT_MAX_NEW_TOKENS, DEFAULT_FORMAT_ATTEMPTS);
  }

  /** Sampling parameters for {@code n} refinements of one node. */
  public SamplingParams sampling(int n, long seed) {
    return new SamplingParams(temperature, topP, 0, maxNewTokens, n, List.of(), seed);
  }
}
