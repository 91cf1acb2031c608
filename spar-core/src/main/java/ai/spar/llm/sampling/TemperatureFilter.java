package ai.spar.llm.sampling;

import com.google.common.base.Preconditions;

/** Divides logits by a temperature: below 1 sharpens, above 1 flattens the distribution. */
public record TemperatureFilter(double temperature) implements LogitsFilter {
  public TemperatureFilter {
    Preconditions.checkArgument(
        temperature > 0 && Double.isFinite(temperature),
        "temperature must be a finite number > 0 (use greedy for 0), but was: %s",
        temperature);
  }

  @Override
  public void apply(float[] logits) {
    if (temperature == 1.0) {
      return;
    }
    for (int i = 0; i < logits.length; i++) {
      logits[i] = (float) (logits[i] / temperature);
    }
  }
}
