package ai.spar.trainer.optim;

/** The learning-rate curve after warmup. */
public enum ScheduleKind {
  /** Linear decay from the peak towards 0 at the last step (the actor's DPO schedule). */
  LINEAR,
  /** The peak rate until the end (the refiner's SFT schedule). */
  CONSTANT
}
