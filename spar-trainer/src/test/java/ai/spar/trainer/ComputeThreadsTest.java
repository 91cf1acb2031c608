package ai.spar.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ComputeThreadsTest {
  @Test
  void aConfiguredCountIsKeptWhateverTheLoad() {
    assertThat(ComputeThreads.resolve(2, 2)).isEqualTo(2);
    assertThat(ComputeThreads.resolve(3, 2)).isEqualTo(3);
  }

  @Test
  void autoUsesEveryProcessorSoThatTheCountNeverVariesBetweenRuns() {
    assertThat(ComputeThreads.resolve(0, 2)).isEqualTo(2);
    assertThat(ComputeThreads.resolve(0, 16)).isEqualTo(16);
  }

  @Test
  void aNegativeCountIsAnError() {
    assertThatThrownBy(() -> ComputeThreads.resolve(-1, 2))
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
