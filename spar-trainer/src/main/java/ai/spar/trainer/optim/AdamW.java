package ai.spar.trainer.optim;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.spar.llm.weights.HostTensor;
import com.google.common.base.Preconditions;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) over named parameters whose gradients DJL autograd has accumulated,
 * as PyTorch implements it: with {@code g} the (clipped) gradient and {@code t} the 1-based step,
 *
 * <pre>
 *   p <- p * (1 - lr * weightDecay)                         (decoupled decay; matrices only, not norms or biases)
 *   m <- beta1 * m + (1 - beta1) * g
 *   v <- beta2 * v + (1 - beta2) * g^2
 *   p <- p - lr / (1 - beta1^t) * m / (sqrt(v / (1 - beta2^t)) + eps)
 * </pre>
 *
 * The moments live in the optimizer's own manager (a child of the parameters' manager) and can be
 * saved and restored exactly. Not thread-safe. Closing frees the moments.
 */
public final class AdamW implements AutoCloseable {
  public static final double DEFAULT_BETA1 = 0.9;
  public static final double DEFAULT_BETA2 = 0.999;
  public static final double DEFAULT_EPS = 1e-8;
  private static final String FIRST = "exp_avg.";
  private static final String SECOND = "exp_avg_sq.";

  private final Map<String, NDArray> parameters;
  private final NDManager manager;
  private final double weightDecay;
  private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
  private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
  private int steps;

  /**
   * @param parameters the trained parameters by name (each with gradients attached)
   * @param parent the manager the moments are created under
   */
  public AdamW(Map<String, NDArray> parameters, NDManager parent, double weightDecay) {
    Preconditions.checkArgument(
        weightDecay >= 0, "weightDecay must be >= 0, but was: %s", weightDecay);
    this.parameters = parameters;
    this.manager = parent.newSubManager();
    this.weightDecay = weightDecay;
    parameters.forEach(
        (name, p) -> {
          firstMoments.put(name, manager.zeros(p.getShape(), DataType.FLOAT32));
          secondMoments.put(name, manager.zeros(p.getShape(), DataType.FLOAT32));
        });
  }

  /** Steps taken so far. */
  public int steps() {
    return steps;
  }

  /**
   * The L2 norm of all gradients together.
   *
   * @return a finite or non-finite norm; the caller decides what a non-finite one means
   */
  public double gradientNorm() {
    double sum = 0;
    try (NDManager scratch = manager.newSubManager()) {
      for (NDArray p : parameters.values()) {
        NDArray g = p.getGradient();
        g.attach(scratch);
        sum += g.square().sum().getFloat();
      }
    }
    return Math.sqrt(sum);
  }

  /**
   * Takes one step with the accumulated gradients times {@code gradientScale} (the clipping
   * factor), then zeroes the gradients.
   */
  public void step(double learningRate, double gradientScale) {
    steps++;
    double correction1 = 1 - Math.pow(DEFAULT_BETA1, steps);
    double correction2 = 1 - Math.pow(DEFAULT_BETA2, steps);
    for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
      try (NDManager scratch = manager.newSubManager()) {
        NDArray p = e.getValue();
        NDArray g = p.getGradient();
        g.attach(scratch);
        NDArray scaled = gradientScale == 1.0 ? g : g.mul((float) gradientScale);
        NDArray m = firstMoments.get(e.getKey());
        NDArray v = secondMoments.get(e.getKey());
        m.muli((float) DEFAULT_BETA1).addi(scaled.mul((float) (1 - DEFAULT_BETA1)));
        v.muli((float) DEFAULT_BETA2).addi(scaled.square().mul((float) (1 - DEFAULT_BETA2)));
        if (weightDecay > 0 && decays(e.getKey(), p)) {
          p.muli((float) (1 - learningRate * weightDecay));
        }
        NDArray denominator =
            scratch(scratch, v.div((float) correction2)).sqrt().add((float) DEFAULT_EPS);
        NDArray update =
            scratch(scratch, m.div(denominator)).mul((float) (learningRate / correction1));
        p.subi(update);
        g.subi(g); // zero the accumulated gradient in place
      }
    }
  }

  private static NDArray scratch(NDManager scratch, NDArray array) {
    array.attach(scratch);
    return array;
  }

  /** Weight decay applies to matrices, not to norm weights or biases (as common trainers do). */
  static boolean decays(String name, NDArray p) {
    return p.getShape().dimension() >= 2 && !name.endsWith(".bias");
  }

  /**
   * The moments as host tensors ({@code exp_avg.<name>}, {@code exp_avg_sq.<name>}) for a
   * checkpoint.
   */
  public Map<String, HostTensor> state() {
    Map<String, HostTensor> state = new LinkedHashMap<>();
    firstMoments.forEach((name, m) -> state.put(FIRST + name, host(m)));
    secondMoments.forEach((name, v) -> state.put(SECOND + name, host(v)));
    return state;
  }

  /**
   * Restores moments and the step count saved by {@link #state()}.
   *
   * @throws IllegalArgumentException naming the tensor that is missing or has the wrong shape
   */
  public void restore(Map<String, HostTensor> state, int stepCount) {
    Preconditions.checkArgument(stepCount >= 0, "stepCount must be >= 0, but was: %s", stepCount);
    restore(state, FIRST, firstMoments);
    restore(state, SECOND, secondMoments);
    steps = stepCount;
  }

  private void restore(Map<String, HostTensor> state, String prefix, Map<String, NDArray> moments) {
    for (Map.Entry<String, NDArray> e : moments.entrySet()) {
      HostTensor saved = state.get(prefix + e.getKey());
      Shape shape = e.getValue().getShape();
      if (saved == null || !new Shape(saved.shape()).equals(shape)) {
        throw new IllegalArgumentException(
            "optimizer state "
                + prefix
                + e.getKey()
                + " must have shape "
                + shape
                + ", but was: "
                + (saved == null ? "missing" : new Shape(saved.shape())));
      }
      e.getValue().set(saved.toFloatArray());
    }
  }

  private static HostTensor host(NDArray array) {
    return HostTensor.of(array.getShape().getShape(), array.toFloatArray());
  }

  @Override
  public void close() {
    manager.close();
  }
}
