package ai.spar.lease;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A held lease on an output directory, renewed by a daemon thread every third of its time to live
 * until {@link #close()} releases it.
 *
 * <p>Acquiring creates the lease file only if none exists. An existing lease is respected while its
 * holder renews it; it is taken over (logged at WARN, naming the previous holder) when it expired,
 * when its holder is a process of this host that no longer exists, or when the file stays
 * unreadable. A run that finds its lease gone or taken over (it stalled past its expiry) learns it
 * at the next {@link #checkHeld()}, which the run calls before it publishes anything. Expiry
 * compares the holder's clock with the reader's: hosts sharing an output need synchronized clocks
 * (within the time to live).
 *
 * <p>Thread-safe.
 */
public final class OutputLease implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OutputLease.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** How long a lease lives without renewal. */
  public static final Duration DEFAULT_TTL = Duration.ofSeconds(60);

  /** How often a waiting run looks at the lease again, at most. */
  static final Duration MAX_POLL = Duration.ofSeconds(1);

  private static final int UNREADABLE_TRIES = 3;

  private static final String HOST = localHost();

  private final LeaseStore store;
  private final long ttlMillis;
  private final ScheduledExecutorService renewal;
  private volatile Lease lease;
  private volatile String lost;

  private OutputLease(LeaseStore store, Lease lease, long ttlMillis) {
    this.store = store;
    this.lease = lease;
    this.ttlMillis = ttlMillis;
    this.renewal =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "spar-lease-renewal");
              t.setDaemon(true);
              return t;
            });
    long every = Math.max(1, ttlMillis / 3);
    renewal.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  /** {@link #acquire(LeaseStore, String, boolean, Duration)} with {@link #DEFAULT_TTL}. */
  public static OutputLease acquire(LeaseStore store, String command, boolean wait) {
    return acquire(store, command, wait, DEFAULT_TTL);
  }

  /**
   * Takes the lease for a new run.
   *
   * @param store where the lease file lives
   * @param command what this run does, shown to a run that finds the output held
   * @param wait wait until the holder releases (or its lease goes stale) instead of failing
   * @param ttl how long the lease lives without renewal, > 0
   * @throws LeaseHeldException when another live run holds it and {@code wait} is false
   */
  public static OutputLease acquire(LeaseStore store, String command, boolean wait, Duration ttl) {
    Preconditions.checkArgument(
        !ttl.isNegative() && !ttl.isZero(), "ttl must be > 0, but was: %s", ttl);
    long ttlMillis = ttl.toMillis();
    String runId = UUID.randomUUID().toString();
    String host = HOST;
    long pid = ProcessHandle.current().pid();
    boolean announcedWait = false;
    int unreadable = 0;
    try {
      while (true) {
        long now = System.currentTimeMillis();
        Lease mine = new Lease(runId, host, pid, command, now, now, now + ttlMillis);
        if (store.createNew(toJson(mine))) {
          LOG.info("{} holds the output lease {}", mine.describe(), store.location());
          return new OutputLease(store, mine, ttlMillis);
        }
        Optional<String> content = store.read();
        if (content.isEmpty()) {
          continue; // released between our two looks
        }
        Optional<Lease> holder = parse(content.get());
        String stale;
        if (holder.isEmpty()) {
          if (++unreadable < UNREADABLE_TRIES) {
            sleep(Math.min(500, ttlMillis / 4 + 1));
            continue;
          }
          stale = "its content is unreadable: " + abbreviate(content.get());
        } else {
          stale = staleness(holder.get(), now, host);
        }
        if (stale != null) {
          Optional<String> taken = store.takeAway("takeover-" + runId);
          if (taken.isPresent() && !taken.get().equals(content.get())) {
            store.createNew(taken.get()); // renewed meanwhile: it was alive after all
            continue;
          }
          if (taken.isPresent()) {
            LOG.warn(
                "taking over the stale lease {} of {}: {}",
                store.location(),
                holder.map(Lease::describe).orElse("an unknown run"),
                stale);
          }
          unreadable = 0;
          continue;
        }
        if (!wait) {
          throw new LeaseHeldException(store.location(), holder.get());
        }
        if (!announcedWait) {
          LOG.info("waiting for {} to release {}", holder.get().describe(), store.location());
          announcedWait = true;
        }
        sleep(Math.min(MAX_POLL.toMillis(), Math.max(10, ttlMillis / 4)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the output lease " + store.location(), e);
    }
  }

  /** Why a lease read at {@code now} no longer binds anyone, or null while its holder lives. */
  static String staleness(Lease holder, long now, String host) {
    if (holder.expiredAt(now)) {
      return "it expired at "
          + Instant.ofEpochMilli(holder.expiresMillis())
          + " (last renewed "
          + Instant.ofEpochMilli(holder.renewedMillis())
          + ")";
    }
    if (holder.host().equals(host)
        && holder.pid() != ProcessHandle.current().pid()
        && ProcessHandle.of(holder.pid()).map(p -> !p.isAlive()).orElse(true)) {
      return "its process " + holder.pid() + " on this host is gone";
    }
    return null;
  }

  /** The lease this run holds (its latest renewal). */
  public Lease lease() {
    return lease;
  }

  /** Where the lease file is. */
  public String location() {
    return store.location();
  }

  /**
   * Confirms that this run still holds the lease, reading the file.
   *
   * @throws IllegalStateException naming the new holder when the lease was lost
   */
  public void checkHeld() {
    String problem = lost;
    if (problem == null) {
      try {
        problem = problemWith(store.read());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the output lease " + store.location(), e);
      }
    }
    if (problem != null) {
      throw new IllegalStateException(
          lease.describe()
              + " lost its output lease "
              + store.location()
              + " ("
              + problem
              + "): another run may have written to the output; nothing was published by this"
              + " run");
    }
  }

  private String problemWith(Optional<String> content) {
    if (content.isEmpty()) {
      return "the lease file was removed";
    }
    Optional<Lease> current = parse(content.get());
    if (current.isEmpty()) {
      return "the lease file became unreadable";
    }
    if (!current.get().runId().equals(lease.runId())) {
      return "it is now held by " + current.get().describe();
    }
    return null;
  }

  private void renew() {
    if (lost != null) {
      return;
    }
    try {
      String problem = problemWith(store.read());
      if (problem != null) {
        lost = problem;
        LOG.error("{} lost its output lease {}: {}", lease.describe(), store.location(), problem);
        return;
      }
      Lease renewed = lease.renewedAt(System.currentTimeMillis(), ttlMillis);
      store.overwrite(toJson(renewed));
      lease = renewed;
    } catch (IOException | RuntimeException e) {
      LOG.warn("could not renew the output lease {}: {}", store.location(), e.toString());
    }
  }

  /** Stops renewing and deletes the lease file if it still names this run. */
  @Override
  public void close() {
    renewal.shutdown();
    try {
      renewal.awaitTermination(10, TimeUnit.SECONDS);
      if (problemWith(store.read()) == null) {
        store.delete();
        LOG.info("{} released the output lease {}", lease.describe(), store.location());
      }
    } catch (IOException e) {
      LOG.warn("could not release the output lease {}: {}", store.location(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String toJson(Lease lease) {
    try {
      return JSON.writeValueAsString(lease);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a lease as JSON", e);
    }
  }

  static Optional<Lease> parse(String content) {
    try {
      return Optional.of(JSON.readValue(content, Lease.class));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 80) + "...";
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the output lease", e);
    }
  }
}
