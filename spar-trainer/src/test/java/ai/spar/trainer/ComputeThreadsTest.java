package ai.spar.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ComputeThreadsTest {
  @Test
  void aConfiguredCountIsKeptWhateverTheLoad() {
    assertThat(ComputeThreads.resolve(2, 2, 9.5)).isEqualTo(2);
    assertThat(ComputeThreads.resolve(3, 2, 0.0)).isEqualTo(3);
  }

  @Test
  void autoUsesTheCoresTheLoadLeavesIdleAndAtLeastOne() {
    assertThat(ComputeThreads.resolve(0, 2, 0.2)).isEqualTo(2);
    assertThat(ComputeThreads.resolve(0, 2, 1.2)).isEqualTo(1);
    assertThat(ComputeThreads.resolve(0, 2, 9.0)).isEqualTo(1);
    assertThat(ComputeThreads.resolve(0, 16, 3.6)).isEqualTo(12);
  }

  @Test
  void autoUsesEveryProcessorWhenTheLoadIsUnknown() {
    assertThat(ComputeThreads.resolve(0, 4, -1)).isEqualTo(4);
    assertThat(ComputeThreads.resolve(0, 4, Double.NaN)).isEqualTo(4);
  }

  @Test
  void aNegativeCountIsAnError() {
    assertThatThrownBy(() -> ComputeThreads.resolve(-1, 2, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threads must be >= 0, but was: -1");
    assertThatThrownBy(() -> TrainConfig.defaults(Objective.DPO).with(Map.of("threads", -2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("threads must be >= 0 (0: auto), but was: -2");
  }

  @Test
  void theThreadCountIsNotPartOfTheTrajectory() {
    TrainConfig one = TrainConfig.defaults(Objective.DPO).with(Map.of("threads", 1));
    assertThat(one.threads()).isEqualTo(1);
    assertThat(one.trajectory()).isEqualTo(TrainConfig.defaults(Objective.DPO).trajectory());
    assertThat(TrainConfig.fromJson(one.toJson())).isEqualTo(one);
  }
}
