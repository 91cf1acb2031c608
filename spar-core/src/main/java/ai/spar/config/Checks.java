package ai.spar.config;

import com.google.common.base.Preconditions;

/** Range checks shared by the configuration sections; messages name the key. */
final class Checks {
  private Checks() {}

  static void sampling(String section, double temperature, double topP, int maxNewTokens) {
    Preconditions.checkArgument(
        temperature >= 0 && Double.isFinite(temperature),
        "%s.temperature must be a finite number >= 0, but was: %s",
        section,
        temperature);
    Preconditions.checkArgument(
        topP > 0 && topP <= 1, "%s.top_p must be in (0, 1], but was: %s", section, topP);
    Preconditions.checkArgument(
        maxNewTokens >= 1, "%s.max_new_tokens must be >= 1, but was: %s", section, maxNewTokens);
  }

  /**
   * Checks {@code value >= min}.
   *
   * @param key the dotted key, e.g. {@code model.max_attempts}
   */
  static void atLeast(String key, int value, int min) {
    Preconditions.checkArgument(value >= min, "%s must be >= %s, but was: %s", key, min, value);
  }
}
