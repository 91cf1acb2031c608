package ai.spar.loop;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What the promotion gate decided. M_{t+1} is promoted when its average IFEval accuracy on the dev
 * set is at least its predecessor's minus the tolerance; a rejected iteration's checkpoints are not
 * used: the next iteration starts again from M_t and R_t.
 *
 * @param decision promote or reject
 * @param metric the metric compared, {@value #METRIC}
 * @param previous M_t's value
 * @param candidate M_{t+1}'s value
 * @param tolerance how far the candidate may fall below the previous value (in [0, 1])
 * @param reason the comparison in words, e.g. {@code ifeval_average_dev 0.4000 fell below 0.6000 -
 *     tolerance 0.0100}; {@code null} in state files written before it was recorded
 */
public record GateDecision(
    Decision decision,
    String metric,
    double previous,
    double candidate,
    double tolerance,
    String reason) {
  /** The gate's metric: the mean of the four IFEval accuracies on the dev set. */
  public static final String METRIC = "ifeval_average_dev";

  /** Promote or reject. */
  public enum Decision {
    PROMOTE,
    REJECT;

    @JsonValue
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static Decision of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  /** Compares the candidate's dev average with the previous one. */
  public static GateDecision of(double previous, double candidate, double tolerance) {
    boolean promote = candidate >= previous - tolerance;
    String reason =
        String.format(
            Locale.ROOT,
            "%s %.4f %s %.4f - tolerance %.4f",
            METRIC,
            candidate,
            promote ? "is at least" : "fell below",
            previous,
            tolerance);
    return new GateDecision(
        promote ? Decision.PROMOTE : Decision.REJECT,
        METRIC,
        previous,
        candidate,
        tolerance,
        reason);
  }

  public boolean promoted() {
    return decision == Decision.PROMOTE;
  }
}
