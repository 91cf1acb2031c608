package ai.spar.trainer.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
  @Test
  void warmupRisesLinearlyToThePeakThenConstantHoldsIt() {
    LearningRateSchedule schedule = new LearningRateSchedule(ScheduleKind.CONSTANT, 1.0, 4, 10);
    assertThat(schedule.at(0)).isEqualTo(0.25);
    assertThat(schedule.at(1)).isEqualTo(0.5);
    assertThat(schedule.at(3)).isEqualTo(1.0);
    assertThat(schedule.at(4)).isEqualTo(1.0);
    assertThat(schedule.at(9)).isEqualTo(1.0);
  }

  @Test
  void linearDecaysFromThePeakAfterWarmupToZeroAtTheEnd() {
    LearningRateSchedule schedule = new LearningRateSchedule(ScheduleKind.LINEAR, 2.0, 2, 10);
    assertThat(schedule.at(0)).isEqualTo(1.0);
    assertThat(schedule.at(1)).isEqualTo(2.0);
    assertThat(schedule.at(2)).isEqualTo(2.0);
    assertThat(schedule.at(6)).isEqualTo(1.0);
    assertThat(schedule.at(9)).isEqualTo(0.25);
    assertThat(schedule.at(10)).isZero();
    assertThat(schedule.at(50)).isZero();
  }

  @Test
  void withoutWarmupTheFirstStepHasThePeakAndAllWarmupEndsAtThePeak() {
    LearningRateSchedule noWarmup = new LearningRateSchedule(ScheduleKind.LINEAR, 1.0, 0, 4);
    assertThat(noWarmup.at(0)).isEqualTo(1.0);
    assertThat(noWarmup.at(3)).isEqualTo(0.25);
    LearningRateSchedule allWarmup = new LearningRateSchedule(ScheduleKind.LINEAR, 1.0, 4, 4);
    assertThat(allWarmup.at(0)).isEqualTo(0.25);
    assertThat(allWarmup.at(3)).isEqualTo(1.0);
    assertThat(allWarmup.at(4)).isEqualTo(1.0);
  }

  @Test
  void warmupRatioRoundsTheWarmupStepsUp() {
    assertThat(LearningRateSchedule.withWarmupRatio(ScheduleKind.LINEAR, 1e-5, 0.1, 25))
        .isEqualTo(new LearningRateSchedule(ScheduleKind.LINEAR, 1e-5, 3, 25));
    assertThat(
            LearningRateSchedule.withWarmupRatio(ScheduleKind.CONSTANT, 1e-5, 0, 25).warmupSteps())
        .isZero();
  }

  @Test
  void badArgumentsAreRefusedNamingTheParameterAndValue() {
    assertThatThrownBy(() -> new LearningRateSchedule(null, 1.0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("kind must not be null");
    assertThatThrownBy(() -> new LearningRateSchedule(ScheduleKind.LINEAR, 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("peak must be > 0, but was: 0.0");
    assertThatThrownBy(() -> new LearningRateSchedule(ScheduleKind.LINEAR, Double.NaN, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("peak must be > 0, but was: NaN");
    assertThatThrownBy(() -> new LearningRateSchedule(ScheduleKind.LINEAR, 1.0, 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("totalSteps must be >= 1, but was: 0");
    assertThatThrownBy(() -> new LearningRateSchedule(ScheduleKind.LINEAR, 1.0, 11, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warmupSteps must be in [0, 10], but was: 11");
    assertThatThrownBy(() -> new LearningRateSchedule(ScheduleKind.LINEAR, 1.0, -1, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warmupSteps must be in [0, 10], but was: -1");
    assertThatThrownBy(
            () -> LearningRateSchedule.withWarmupRatio(ScheduleKind.LINEAR, 1.0, 1.5, 10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warmupRatio must be in [0, 1], but was: 1.5");
    LearningRateSchedule schedule = new LearningRateSchedule(ScheduleKind.LINEAR, 1.0, 0, 10);
    assertThatThrownBy(() -> schedule.at(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step must be >= 0, but was: -1");
  }
}
