package ai.spar.lease;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.google.common.base.Preconditions;
import java.time.Instant;

/**
 * The content of a lease file: who holds the output and until when.
 *
 * @param runId the holding run's id (a random UUID per run)
 * @param host the holder's host name
 * @param pid the holder's process id
 * @param command what the holder runs (e.g. {@code generate iteration=0}), for the message a second
 *     run prints
 * @param startedMillis when the holder acquired the lease, epoch milliseconds
 * @param renewedMillis when the holder last renewed it, epoch milliseconds (the holder's clock)
 * @param expiresMillis when it expires unless renewed, epoch milliseconds (the holder's clock)
 */
public record Lease(
    @JsonProperty("run_id") String runId,
    @JsonProperty("host") String host,
    @JsonProperty("pid") long pid,
    @JsonProperty("command") String command,
    @JsonProperty("started_millis") long startedMillis,
    @JsonProperty("renewed_millis") long renewedMillis,
    @JsonProperty("expires_millis") long expiresMillis) {
  public Lease {
    Preconditions.checkArgument(
        runId != null && !runId.isBlank(), "runId must not be blank, but was: %s", runId);
    Preconditions.checkArgument(host != null, "host must not be null");
    command = command == null ? "" : command;
    Preconditions.checkArgument(
        expiresMillis >= renewedMillis,
        "expiresMillis must be >= renewedMillis (%s), but was: %s",
        renewedMillis,
        expiresMillis);
  }

  /** The same lease renewed at {@code now} for {@code ttlMillis}. */
  public Lease renewedAt(long now, long ttlMillis) {
    return new Lease(runId, host, pid, command, startedMillis, now, now + ttlMillis);
  }

  /** Whether the lease ran out before {@code now} (its holder stopped renewing it). */
  public boolean expiredAt(long now) {
    return now > expiresMillis;
  }

  /** How a message names the holder: run, host, pid, command and start. */
  public String describe() {
    return "run "
        + runId
        + " (host "
        + host
        + ", pid "
        + pid
        + (command.isEmpty() ? "" : ", " + command)
        + ", started "
        + Instant.ofEpochMilli(startedMillis)
        + ", renewed "
        + Instant.ofEpochMilli(renewedMillis)
        + ")";
  }
}
