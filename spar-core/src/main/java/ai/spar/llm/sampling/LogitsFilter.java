package ai.spar.llm.sampling;

/**
 * A transformation of one row of logits before a draw, applied in place. Filters that exclude
 * tokens set their logits to negative infinity; at least one token always survives.
 */
public interface LogitsFilter {
  /** Transforms {@code logits} in place. */
  void apply(float[] logits);
}
