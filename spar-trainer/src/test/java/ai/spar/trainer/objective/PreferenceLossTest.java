package ai.spar.trainer.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.Test;

class PreferenceLossTest {
  // one pair: policy chosen -10, rejected -12; reference -11 and -11; 4 chosen and 5 rejected
  // target tokens
  // h = (-10 + 11) - (-12 + 11) = 2; beta h = 0.2

  @Test
  void sigmoidLossWithSftTermAndItsGradientMatchHandValues() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray pc = m.create(new float[] {-10f});
      NDArray pr = m.create(new float[] {-12f});
      pc.setRequiresGradient(true);
      pr.setRequiresGradient(true);
      float loss;
      try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
        NDArray l =
            PreferenceLoss.method()
                .perPair(
                    pc,
                    pr,
                    m.create(new float[] {-11f}),
                    m.create(new float[] {-11f}),
                    m.create(new float[] {4f}),
                    m.create(new float[] {5f}));
        loss = l.getFloat(0);
        gc.backward(l.sum());
      }
      // -log sigmoid(0.2) = log(1 + e^-0.2) = 0.5981389; SFT: 0.1 * 10 / 4 = 0.25
      assertThat(loss).isCloseTo(0.8481389f, within(1e-6f));
      // d/d lp(y+) = -beta * sigmoid(-0.2) - 0.1 / 4 = -0.0450166 - 0.025
      assertThat(pc.getGradient().getFloat(0)).isCloseTo(-0.0700166f, within(1e-6f));
      // d/d lp(y-) = +beta * sigmoid(-0.2)
      assertThat(pr.getGradient().getFloat(0)).isCloseTo(0.0450166f, within(1e-6f));
    }
  }

  @Test
  void ipoAndHingeMatchHandValues() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      NDArray[] args = {
        m.create(new float[] {-10f}), m.create(new float[] {-12f}), m.create(new float[] {-11f}),
        m.create(new float[] {-11f}), m.create(new float[] {4f}), m.create(new float[] {5f})
      };
      // IPO: (1/4 - (-1)/5 - 1/(2 * 0.1))^2 = (0.45 - 5)^2
      assertThat(
              new PreferenceLoss(PreferenceLossType.IPO, 0.1, 0)
                  .perPair(args[0], args[1], args[2], args[3], args[4], args[5])
                  .getFloat(0))
          .isCloseTo(20.7025f, within(1e-4f));
      // hinge: max(0, 1 - 0.2)
      assertThat(
              new PreferenceLoss(PreferenceLossType.HINGE, 0.1, 0)
                  .perPair(args[0], args[1], args[2], args[3], args[4], args[5])
                  .getFloat(0))
          .isCloseTo(0.8f, within(1e-6f));
    }
  }

  @Test
  void negativeLogSigmoidIsStableForLargeArguments() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      float[] v =
          PreferenceLoss.negativeLogSigmoid(m.create(new float[] {-200f, 0f, 200f})).toFloatArray();
      assertThat(v[0]).isCloseTo(200f, within(1e-3f));
      assertThat(v[1]).isCloseTo((float) Math.log(2), within(1e-6f));
      assertThat(v[2]).isCloseTo(0f, within(1e-6f));
    }
  }

  @Test
  void rewardMetricsMatchHandValues() {
    PreferenceMetrics metrics =
        PreferenceMetrics.of(
            new float[] {-10f, -20f},
            new float[] {-12f, -18f},
            new float[] {-11f, -20f},
            new float[] {-11f, -20f},
            0.1);
    // pair 0: rewards 0.1 and -0.1; pair 1: rewards 0 and 0.2
    assertThat(metrics.rewardsChosen()).isCloseTo(0.05, within(1e-9));
    assertThat(metrics.rewardsRejected()).isCloseTo(0.05, within(1e-9));
    assertThat(metrics.rewardsAccuracy()).isEqualTo(0.5);
    assertThat(metrics.rewardsMargin()).isCloseTo(0.0, within(1e-9));
    assertThat(metrics.logpsChosen()).isEqualTo(-15.0);
    assertThat(metrics.logpsRejected()).isEqualTo(-15.0);
  }

  @Test
  void maskedPositionsDoNotCountAndTheSumIsTheTargetsLogProbs() {
    try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      float[] raw = new float[4 * 5];
      for (int i = 0; i < raw.length; i++) {
        raw[i] = (float) Math.sin(i * 1.7);
      }
      NDArray logits = m.create(raw, new Shape(1, 4, 5)); // [1, t=4, vocab=5]
      NDArray mask = m.create(new float[] {0, 0, 1, 1}, new Shape(1, 4));
      float sum =
          TokenLogProbs.sum(logits, m.create(new long[] {0, 1, 2, 3}, new Shape(1, 4)), mask)
              .getFloat(0);
      // changing the target of a masked (prompt) position changes nothing
      float changed =
          TokenLogProbs.sum(logits, m.create(new long[] {4, 4, 2, 3}, new Shape(1, 4)), mask)
              .getFloat(0);
      assertThat(changed).isEqualTo(sum);
      double expected = logSoftmax(raw, 1, 2) + logSoftmax(raw, 2, 3);
      assertThat((double) sum).isCloseTo(expected, within(1e-5));
      // the SFT term is the per-token mean NLL of the targets
      NDArray nllMean =
          PreferenceLoss.method()
              .perPair(
                  m.create(new float[] {sum}),
                  m.create(new float[] {sum}),
                  m.create(new float[] {sum}),
                  m.create(new float[] {sum}),
                  m.create(new float[] {2f}),
                  m.create(new float[] {2f}));
      assertThat((double) nllMean.getFloat(0))
          .isCloseTo(Math.log(2) + 0.1 * (-expected / 2), within(1e-5));
    }
  }

  /** log softmax(logits[position])[token] computed by hand in double precision. */
  private static double logSoftmax(float[] raw, int position, int token) {
    double max = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < 5; v++) {
      max = Math.max(max, raw[position * 5 + v]);
    }
    double z = 0;
    for (int v = 0; v < 5; v++) {
      z += Math.exp(raw[position * 5 + v] - max);
    }
    return raw[position * 5 + token] - max - Math.log(z);
  }
}
