package ai.spar.llm.llama;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.spar.llm.weights.TensorDType;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts DJL's PyTorch engine with our thread settings and resolves device and compute type names.
 * The trainer starts the engine through here too, with its own thread count.
 */
public final class PyTorchEngine {
  private static final Logger LOG = LoggerFactory.getLogger(PyTorchEngine.class);
  static final String NAME = "PyTorch";

  private PyTorchEngine() {}

  /**
   * The engine, configured with {@code threads} intra-op threads (0: one per processor) on first
   * use. The count takes effect only when the engine was not loaded before and no {@code
   * ai.djl.pytorch.num_threads} system property was set; {@link #intraOpThreads()} tells the count
   * in force.
   */
  public static synchronized Engine start(int threads) {
    int wanted = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    if (System.getProperty("ai.djl.pytorch.num_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(wanted));
    }
    if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }
    Engine engine = Engine.getEngine(NAME);
    LOG.debug("PyTorch engine {} with {} threads", engine.getVersion(), wanted);
    return engine;
  }

  /**
   * The version of DJL on the classpath, as DJL records it ({@code ai/djl/engine/api.properties}:
   * right inside a shaded application jar too, unlike a jar manifest); does not start the engine.
   */
  public static String djlVersion() {
    return Engine.getDjlVersion();
  }

  /**
   * The intra-op thread count the engine was (or will be) started with: the {@code
   * ai.djl.pytorch.num_threads} system property, or 0 when it is unset (PyTorch's default).
   */
  public static int intraOpThreads() {
    String value = System.getProperty("ai.djl.pytorch.num_threads");
    try {
      return value == null ? 0 : Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Resolves {@code cpu}, {@code gpu}, {@code gpu:N} or {@code auto} (a GPU when the engine sees
   * one).
   *
   * @throws IllegalArgumentException naming the device when the engine does not have it
   */
  public static Device device(Engine engine, String name) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("auto")) {
      return engine.getGpuCount() > 0 ? Device.gpu() : Device.cpu();
    }
    if (n.equals("cpu")) {
      return Device.cpu();
    }
    int index = n.contains(":") ? Integer.parseInt(n.substring(n.indexOf(':') + 1)) : 0;
    if (index >= engine.getGpuCount()) {
      throw new IllegalArgumentException(
          "device "
              + name
              + " is not available: the engine sees "
              + engine.getGpuCount()
              + " GPU(s)");
    }
    return Device.gpu(index);
  }

  /** The compute type: as configured, else float32 on CPU and float16 on GPU. */
  static DataType computeType(Device device, java.util.Optional<TensorDType> configured) {
    TensorDType dtype = configured.orElse(device.isGpu() ? TensorDType.F16 : TensorDType.F32);
    return dtype == TensorDType.F16 ? DataType.FLOAT16 : DataType.FLOAT32;
  }
}
