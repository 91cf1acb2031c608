package ai.spar.trainer.optim;

import com.google.common.base.Preconditions;

/**
 * The learning rate of optimizer step {@code s} (0-based) of {@code totalSteps}: a linear warmup
 * {@code peak * (s + 1) / warmupSteps} for {@code s < warmupSteps}, then {@link
 * ScheduleKind#CONSTANT} {@code peak}, or {@link ScheduleKind#LINEAR} {@code peak * (totalSteps -
 * s) / (totalSteps - warmupSteps)}.
 *
 * @param kind the curve after warmup
 * @param peak the peak learning rate, > 0
 * @param warmupSteps steps of warmup, in [0, totalSteps]
 * @param totalSteps optimizer steps of the whole run, >= 1
 */
public record LearningRateSchedule(
    ScheduleKind kind, double peak, int warmupSteps, int totalSteps) {
  public LearningRateSchedule {
    Preconditions.checkArgument(kind != null, "kind must not be null");
    Preconditions.checkArgument(
        peak > 0 && Double.isFinite(peak), "peak must be > 0, but was: %s", peak);
    Preconditions.checkArgument(
        totalSteps >= 1, "totalSteps must be >= 1, but was: %s", totalSteps);
    Preconditions.checkArgument(
        warmupSteps >= 0 && warmupSteps <= totalSteps,
        "warmupSteps must be in [0, %s], but was: %s",
        totalSteps,
        warmupSteps);
  }

  /** A schedule whose warmup is {@code ceil(warmupRatio * totalSteps)} steps. */
  public static LearningRateSchedule withWarmupRatio(
      ScheduleKind kind, double peak, double warmupRatio, int totalSteps) {
    Preconditions.checkArgument(
        warmupRatio >= 0 && warmupRatio <= 1,
        "warmupRatio must be in [0, 1], but was: %s",
        warmupRatio);
    return new LearningRateSchedule(
        kind, peak, (int) Math.ceil(warmupRatio * totalSteps), totalSteps);
  }

  /** The learning rate of step {@code step} (0-based). */
  public double at(int step) {
    Preconditions.checkArgument(step >= 0, "step must be >= 0, but was: %s", step);
    if (step < warmupSteps) {
      return peak * (step + 1) / warmupSteps;
    }
    if (kind == ScheduleKind.CONSTANT || totalSteps == warmupSteps) {
      return peak;
    }
    return peak * Math.max(0, totalSteps - step) / (totalSteps - warmupSteps);
  }
}
