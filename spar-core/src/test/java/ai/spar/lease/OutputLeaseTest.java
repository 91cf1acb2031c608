package ai.spar.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputLeaseTest {
  @TempDir Path dir;

  FileLeaseStore store() {
    return new FileLeaseStore(dir.resolve("out").resolve("_lease.json"));
  }

  @Test
  void aSecondRunIsRefusedWithAMessageNamingTheHolder() {
    try (OutputLease first = OutputLease.acquire(store(), "generate iteration=0", false)) {
      assertThatThrownBy(() -> OutputLease.acquire(store(), "generate iteration=1", false))
          .isInstanceOf(LeaseHeldException.class)
          .hasMessageContaining("the output is in use: " + store().location())
          .hasMessageContaining("run " + first.lease().runId())
          .hasMessageContaining("pid " + ProcessHandle.current().pid())
          .hasMessageContaining("generate iteration=0")
          .hasMessageContaining("pass --wait");
    }
    assertThat(Files.exists(dir.resolve("out").resolve("_lease.json"))).isFalse();
    OutputLease.acquire(store(), "again", false).close();
  }

  @Test
  void aWaitingRunGetsTheLeaseWhenTheHolderReleasesIt() throws Exception {
    OutputLease first = OutputLease.acquire(store(), "first", false, Duration.ofSeconds(30));
    CompletableFuture<String> second =
        CompletableFuture.supplyAsync(
            () -> {
              try (OutputLease lease = OutputLease.acquire(store(), "second", true)) {
                return lease.lease().command();
              }
            });
    Thread.sleep(300);
    assertThat(second).isNotDone();
    first.close();
    assertThat(second.get(20, TimeUnit.SECONDS)).isEqualTo("second");
  }

  @Test
  void theHolderRenewsItsLeaseWhileItRuns() throws Exception {
    try (OutputLease lease = OutputLease.acquire(store(), "long", false, Duration.ofMillis(300))) {
      long firstExpiry = lease.lease().expiresMillis();
      Thread.sleep(700);
      Lease onDisk = OutputLease.parse(store().read().orElseThrow()).orElseThrow();
      assertThat(onDisk.expiresMillis()).isGreaterThan(firstExpiry);
      assertThatThrownBy(() -> OutputLease.acquire(store(), "other", false))
          .isInstanceOf(LeaseHeldException.class);
      lease.checkHeld();
    }
  }

  @Test
  void anExpiredLeaseOfAKilledRunIsTakenOverAndTheOldHolderLearnsIt() throws IOException {
    long now = System.currentTimeMillis();
    Lease killed =
        new Lease(
            "killed-run",
            "another-host",
            4242,
            "generate",
            now - 120_000,
            now - 90_000,
            now - 30_000);
    Files.createDirectories(dir.resolve("out"));
    store().createNew(OutputLease.toJson(killed));
    try (OutputLease lease = OutputLease.acquire(store(), "next", false)) {
      assertThat(lease.lease().runId()).isNotEqualTo("killed-run");
      assertThat(OutputLease.parse(store().read().orElseThrow()).orElseThrow().runId())
          .isEqualTo(lease.lease().runId());
    }
  }

  @Test
  void aLeaseOfAProcessOfThisHostThatIsGoneIsTakenOverAtOnce() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    long now = System.currentTimeMillis();
    String host = InetAddress.getLocalHost().getHostName();
    Lease dead = new Lease("dead-run", host, gone.pid(), "train", now, now, now + 600_000);
    assertThat(OutputLease.staleness(dead, now, host))
        .isEqualTo("its process " + gone.pid() + " on this host is gone");
    store().createNew(OutputLease.toJson(dead));
    try (OutputLease lease = OutputLease.acquire(store(), "next", false)) {
      assertThat(lease.lease().runId()).isNotEqualTo("dead-run");
    }
  }

  @Test
  void aRunWhoseLeaseWasTakenOverCannotGoOn() throws IOException {
    OutputLease stalled = OutputLease.acquire(store(), "stalled", false, Duration.ofHours(1));
    long now = System.currentTimeMillis();
    Lease usurper = new Lease("usurper", "host-b", 7, "generate", now, now, now + 60_000);
    store().overwrite(OutputLease.toJson(usurper));
    assertThatThrownBy(stalled::checkHeld)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("lost its output lease")
        .hasMessageContaining("it is now held by run usurper (host host-b, pid 7");
    stalled.close();
    assertThat(store().read()).isPresent(); // the usurper's lease is not deleted
  }
}
