package ai.spar.lease;

import java.time.Instant;

/** Another live run holds the output's lease; the message names it and the ways out. */
public final class LeaseHeldException extends IllegalStateException {
  private final Lease holder;

  LeaseHeldException(String location, Lease holder) {
    super(
        "the output is in use: "
            + location
            + " is held by "
            + holder.describe()
            + "; wait for that run to end (or pass --wait), or, if it is dead, remove "
            + location
            + " or let its lease expire at "
            + Instant.ofEpochMilli(holder.expiresMillis()));
    this.holder = holder;
  }

  /** The run that holds the output. */
  public Lease holder() {
    return holder;
  }
}
