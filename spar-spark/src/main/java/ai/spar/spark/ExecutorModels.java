package ai.spar.spark;

import ai.spar.llm.LanguageModel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models of this JVM: each (model, device, precision) is loaded once and reused by every task
 * and stage that runs in the executor; all are closed when the JVM exits. Thread-safe: concurrent
 * tasks asking for the same key wait for one load.
 *
 * <p>This is the only place a model handle lives in an executor; the partition processor holds
 * configuration only.
 */
public final class ExecutorModels {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorModels.class);
  private static final Map<ModelKey, LanguageModel> MODELS = new ConcurrentHashMap<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "spar-model-close"));
  }

  private ExecutorModels() {}

  /** The model for a key, loading it with {@code loader} on first use in this JVM. */
  public static LanguageModel get(ModelKey key, ModelLoader loader) {
    return MODELS.computeIfAbsent(
        key,
        k -> {
          long start = System.nanoTime();
          LanguageModel model = loader.load(k);
          LOADS.incrementAndGet();
          LOG.info(
              "loaded model {} on {} ({}) in {} ms",
              k.uri(),
              k.device(),
              k.precision(),
              (System.nanoTime() - start) / 1_000_000);
          return model;
        });
  }

  /** How many loads this JVM performed (for tests and the run manifest). */
  public static int loadCount() {
    return LOADS.get();
  }

  /** Closes and forgets every model (at JVM exit; tests call it to start clean). */
  public static synchronized void closeAll() {
    for (var entry : MODELS.entrySet()) {
      try {
        entry.getValue().close();
      } catch (RuntimeException e) {
        LOG.warn("closing model {} failed", entry.getKey(), e);
      }
    }
    MODELS.clear();
  }
}
