package ai.spar.llm.llama;

import ai.spar.llm.weights.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random weights for a configuration, as Hugging Face initializes Llama models: normal(0, 0.02)
 * matrices, zero biases, unit norm weights. Deterministic in the seed; each tensor draws from its
 * own generator split off in name order.
 */
public final class LlamaInitializer {
  /** Standard deviation of matrix entries (Hugging Face's {@code initializer_range}). */
  public static final double INITIALIZER_RANGE = 0.02;

  private LlamaInitializer() {}

  /** Parameters by Hugging Face name, in checkpoint order. */
  public static Map<String, HostTensor> randomWeights(LlamaConfig config, long seed) {
    SplittableRandom root = new SplittableRandom(seed);
    Map<String, HostTensor> weights = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : LlamaWeights.expectedShapes(config).entrySet()) {
      SplittableRandom rng = root.split();
      long[] shape = e.getValue();
      long count = 1;
      for (long d : shape) {
        count *= d;
      }
      float[] values = new float[Math.toIntExact(count)];
      String name = e.getKey();
      if (name.endsWith("norm.weight")) {
        java.util.Arrays.fill(values, 1f);
      } else if (!name.endsWith(".bias")) {
        for (int i = 0; i < values.length; i++) {
          values[i] = (float) (gaussian(rng) * INITIALIZER_RANGE);
        }
      }
      weights.put(name, HostTensor.of(shape, values));
    }
    return weights;
  }

  private static double gaussian(SplittableRandom rng) {
    // Box-Muller on the generator's doubles: reproducible across JVM versions
    double u = 1.0 - rng.nextDouble();
    double v = rng.nextDouble();
    return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
