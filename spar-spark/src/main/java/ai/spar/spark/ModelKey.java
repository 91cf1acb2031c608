package ai.spar.spark;

import com.google.common.base.Preconditions;
import java.io.Serializable;

/**
 * Identifies one loaded model replica in an executor JVM.
 *
 * @param uri the model directory (any Hadoop file system URI, or a local path)
 * @param device {@code cpu} or {@code gpu:N}
 * @param precision {@code f32}, {@code f16} or {@code auto}
 */
public record ModelKey(String uri, String device, String precision) implements Serializable {
  public ModelKey {
    Preconditions.checkArgument(uri != null && !uri.isBlank(), "model uri must not be blank");
    Preconditions.checkArgument(device != null && !device.isBlank(), "device must not be blank");
    Preconditions.checkArgument(precision != null, "precision must not be null");
  }
}
