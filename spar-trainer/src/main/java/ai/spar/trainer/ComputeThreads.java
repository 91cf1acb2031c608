package ai.spar.trainer;

import ai.spar.llm.llama.PyTorchEngine;
import com.google.common.base.Preconditions;
import java.lang.management.ManagementFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PyTorch intra-op thread count of a training process. It matters more than any kernel choice
 * on a small shared machine: with more OpenMP threads than idle cores, every parallel operation
 * waits at its barrier for a thread that the scheduler has parked, and a step takes several times
 * longer than with one thread (measured on 2 cores at load 5-10: DPO 594 tokens/s with 1 thread,
 * 181 with 2). Auto uses every processor (a fixed count, for reproducibility); configure 1 on a
 * busy machine.
 */
final class ComputeThreads {
  private static final Logger LOG = LoggerFactory.getLogger(ComputeThreads.class);

  private ComputeThreads() {}

  /**
   * The thread count for a configured value.
   *
   * @param configured a positive count, or 0 for auto
   * @param processors the processors this JVM may use, >= 1
   * @return {@code configured} when positive, else {@code processors}. Auto does not look at the
   *     machine's load: the count must not vary from run to run, because it changes the order of
   *     floating-point sums and a resumed run must end bit-identical to an uninterrupted one. On a
   *     machine that other work keeps busy, configure 1 explicitly (it is several times faster
   *     there).
   */
  static int resolve(int configured, int processors) {
    Preconditions.checkArgument(configured >= 0, "threads must be >= 0, but was: %s", configured);
    Preconditions.checkArgument(
        processors >= 1, "processors must be >= 1, but was: %s", processors);
    return configured > 0 ? configured : processors;
  }

  /**
   * Starts the engine with the resolved count for this machine, unless it runs already.
   *
   * @return the intra-op thread count in force (which differs from the wanted one when the engine
   *     was started before, e.g. by generation in the same process; that is logged)
   */
  static int start(int configured) {
    int processors = Runtime.getRuntime().availableProcessors();
    double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    int wanted = resolve(configured, processors);
    PyTorchEngine.start(wanted);
    int inForce = PyTorchEngine.intraOpThreads();
    if (inForce != wanted) {
      String message =
          "training wants {} PyTorch intra-op threads but the engine runs with {} (set before this"
              + " run started, e.g. by -Dai.djl.pytorch.num_threads or by generation in this"
              + " process)";
      Object shown = inForce == 0 ? "PyTorch's default" : inForce;
      if (configured > 0) {
        LOG.warn(message, wanted, shown);
      } else {
        LOG.info(message, wanted, shown);
      }
    } else {
      LOG.info(
          "PyTorch intra-op threads: {} ({}; {} processors, load average {})",
          inForce,
          configured > 0 ? "configured" : "auto",
          processors,
          String.format(java.util.Locale.ROOT, "%.1f", load));
    }
    return inForce;
  }
}
