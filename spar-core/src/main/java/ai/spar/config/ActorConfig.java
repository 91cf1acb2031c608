package ai.spar.config;

import ai.spar.llm.SamplingParams;
import com.google.common.base.Preconditions;
import java.util.List;

/**
 * How the actor samples answers during negative collection.
 *
 * @param samples K, the number of answers per instruction, {@code >= 1}
 * @param temperature sampling temperature, {@code >= 0}
 * @param topP nucleus mass in (0, 1]
 * @param maxNewTokens the longest answer in tokens, {@code >= 1}
 */
public record ActorConfig(int samples, double temperature, double topP, int maxNewTokens) {
  public static final int DEFAULT_SAMPLES = 5;
  public static final double DEFAULT_TEMPERATURE = 0.9;
  public static final double DEFAULT_TOP_P = 0.9;
  public static final int DEFAULT_MAX_NEW_TOKENS = 2048;

  public ActorConfig {
    Preconditions.checkArgument(samples >= 1, "actor.samples must be >= 1, but was: %s", samples);
    Checks.sampling("actor", temperature, topP, maxNewTokens);
  }

  /** The paper's settings: K=5, temperature 0.9, top_p 0.9, 2048 new tokens. */
  public static ActorConfig defaults() {
    return new ActorConfig(
        DEFAULT_SAMPLES, DEFAULT_TEMPERATURE, DEFAULT_TOP_P, DEFAULT_MAX_NEW_TOKENS);
  }

  /** Sampling parameters for one instruction: {@code samples} completions from one request. */
  public SamplingParams sampling(long seed) {
    return new SamplingParams(temperature, topP, 0, maxNewTokens, samples, List.of(), seed);
  }
}
