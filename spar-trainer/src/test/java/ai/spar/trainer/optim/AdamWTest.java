package ai.spar.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.spar.llm.weights.HostTensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdamWTest {
  private static final double LR = 0.1;
  private static final double DECAY = 0.01;

  /**
   * The PyTorch AdamW update of one scalar, written out independently: decoupled decay, moments,
   * then {@code p -= lr / c1 * m / (sqrt(v) / sqrt(c2) + eps)}.
   */
  private static final class ScalarAdamW {
    double p;
    double m;
    double v;
    final boolean decays;

    ScalarAdamW(double p, boolean decays) {
      this.p = p;
      this.decays = decays;
    }

    void step(int t, double g, double lr) {
      if (decays) {
        p *= 1 - lr * DECAY;
      }
      m = 0.9 * m + 0.1 * g;
      v = 0.999 * v + 0.001 * g * g;
      double c1 = 1 - Math.pow(0.9, t);
      double c2 = 1 - Math.pow(0.999, t);
      p -= lr / c1 * m / (Math.sqrt(v) / Math.sqrt(c2) + 1e-8);
    }
  }

  /** Accumulates gradient {@code coefficients} into {@code p} (the gradient of sum(p * c)). */
  private static void backward(NDArray p, float[] coefficients) {
    try (NDManager scratch = p.getManager().newSubManager();
        GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
      NDArray c = scratch.create(coefficients, p.getShape());
      collector.backward(p.mul(c).sum());
    }
  }

  @Test
  void twoClippedStepsMatchTheScalarFormulaAndZeroTheGradients() {
    float[] matrix0 = {1.0f, -2.0f, 0.5f, 3.0f};
    float[] norm0 = {0.5f, -1.5f};
    float[][] matrixGrads = {{0.3f, -0.7f, 2.0f, 0.0f}, {-1.0f, 0.25f, 0.5f, 4.0f}};
    float[][] normGrads = {{1.5f, -0.1f}, {0.2f, 0.2f}};
    double[] scales = {0.5, 1.0};
    double[] rates = {LR, LR / 2};
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray matrix = manager.create(matrix0, new Shape(2, 2));
      NDArray norm = manager.create(norm0);
      matrix.setRequiresGradient(true);
      norm.setRequiresGradient(true);
      Map<String, NDArray> parameters = new LinkedHashMap<>();
      parameters.put("layer.weight", matrix);
      parameters.put("norm.weight", norm);
      ScalarAdamW[] expected = new ScalarAdamW[6];
      for (int i = 0; i < 4; i++) {
        expected[i] = new ScalarAdamW(matrix0[i], true);
      }
      for (int i = 0; i < 2; i++) {
        expected[4 + i] = new ScalarAdamW(norm0[i], false);
      }
      try (AdamW optimizer = new AdamW(parameters, manager, DECAY)) {
        for (int step = 0; step < 2; step++) {
          backward(matrix, matrixGrads[step]);
          backward(norm, normGrads[step]);
          double squares = 0;
          for (float g : matrixGrads[step]) {
            squares += g * g;
          }
          for (float g : normGrads[step]) {
            squares += g * g;
          }
          assertThat(optimizer.gradientNorm()).isCloseTo(Math.sqrt(squares), within(1e-5));
          optimizer.step(rates[step], scales[step]);
          for (int i = 0; i < 4; i++) {
            expected[i].step(step + 1, matrixGrads[step][i] * scales[step], rates[step]);
          }
          for (int i = 0; i < 2; i++) {
            expected[4 + i].step(step + 1, normGrads[step][i] * scales[step], rates[step]);
          }
          float[] actualMatrix = matrix.toFloatArray();
          float[] actualNorm = norm.toFloatArray();
          for (int i = 0; i < 4; i++) {
            assertThat((double) actualMatrix[i]).isCloseTo(expected[i].p, within(1e-5));
          }
          for (int i = 0; i < 2; i++) {
            assertThat((double) actualNorm[i]).isCloseTo(expected[4 + i].p, within(1e-5));
          }
          assertThat(matrix.getGradient().toFloatArray()).containsOnly(0f);
          assertThat(norm.getGradient().toFloatArray()).containsOnly(0f);
        }
        assertThat(optimizer.steps()).isEqualTo(2);
        Map<String, HostTensor> state = optimizer.state();
        assertThat(state.get("exp_avg.layer.weight").toFloatArray()[3])
            .isCloseTo((float) expected[3].m, within(1e-6f));
        assertThat(state.get("exp_avg_sq.norm.weight").toFloatArray()[0])
            .isCloseTo((float) expected[4].v, within(1e-6f));
      }
    }
  }

  @Test
  void restoredStateContinuesExactly() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      float[] start = {0.25f, -0.75f};
      NDArray a = manager.create(start, new Shape(1, 2));
      NDArray b = manager.create(start, new Shape(1, 2));
      a.setRequiresGradient(true);
      b.setRequiresGradient(true);
      try (AdamW first = new AdamW(Map.of("w", a), manager, DECAY);
          AdamW second = new AdamW(Map.of("w", b), manager, DECAY)) {
        backward(a, new float[] {1f, -2f});
        first.step(LR, 1.0);
        b.set(a.toFloatArray());
        second.restore(first.state(), first.steps());
        backward(a, new float[] {0.5f, 0.5f});
        backward(b, new float[] {0.5f, 0.5f});
        first.step(LR, 1.0);
        second.step(LR, 1.0);
        assertThat(b.toFloatArray()).isEqualTo(a.toFloatArray());
      }
    }
  }

  @Test
  void aStateWithAWrongShapeIsAnErrorNamingTheTensor() {
    try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray w = manager.zeros(new Shape(2, 2));
      w.setRequiresGradient(true);
      try (AdamW optimizer = new AdamW(Map.of("w", w), manager, 0)) {
        Map<String, HostTensor> state = new LinkedHashMap<>(optimizer.state());
        state.put("exp_avg_sq.w", HostTensor.of(new long[] {4}, new float[4]));
        assertThatThrownBy(() -> optimizer.restore(state, 1))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("optimizer state exp_avg_sq.w must have shape (2, 2), but was: (4)");
      }
    }
  }
}
