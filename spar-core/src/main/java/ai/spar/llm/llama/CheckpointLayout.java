package ai.spar.llm.llama;

import ai.spar.llm.weights.HostTensor;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a family's checkpoint keeps each runtime parameter. The runtime ({@link LlamaWeights}, the
 * forward passes, the trainer) always holds the split Llama names ({@code mlp.gate_proj.weight},
 * {@code mlp.up_proj.weight}, ...); a family whose checkpoints stack some of them in one tensor
 * ({@link ModelFamily#fusedTensors()}, e.g. GLM's {@code mlp.gate_up_proj.weight}) has them split
 * on load and stacked again on write, so a trained checkpoint keeps the family's layout.
 */
final class CheckpointLayout {
  private CheckpointLayout() {}

  /** Every fused checkpoint tensor of the configuration: its name to its parts' runtime names. */
  static Map<String, List<String>> fusedTensors(LlamaConfig config) {
    Map<String, List<String>> fused = new LinkedHashMap<>();
    for (int layer = 0; layer < config.numLayers(); layer++) {
      int index = layer;
      for (ModelFamily.FusedTensor f : config.family().fusedTensors()) {
        fused.put(
            LlamaWeights.layer(index, f.name()),
            f.parts().stream().map(p -> LlamaWeights.layer(index, p)).toList());
      }
    }
    return fused;
  }

  /**
   * Every tensor a checkpoint of the configuration holds, with its shape, in checkpoint order (a
   * fused tensor where its first part would be).
   */
  static Map<String, long[]> checkpointShapes(LlamaConfig config) {
    Map<String, long[]> runtime = LlamaWeights.expectedShapes(config);
    Map<String, List<String>> fused = fusedTensors(config);
    Map<String, String> fusedOfPart = fusedOfPart(fused);
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (Map.Entry<String, long[]> e : runtime.entrySet()) {
      String name = fusedOfPart.getOrDefault(e.getKey(), e.getKey());
      if (!shapes.containsKey(name)) {
        long[] shape = e.getValue().clone();
        shape[0] = 0;
        for (String part : fused.getOrDefault(name, List.of(name))) {
          shape[0] += runtime.get(part)[0];
        }
        shapes.put(name, shape);
      }
    }
    return shapes;
  }

  /**
   * Runtime parameters in the family's checkpoint layout: the parts of each fused tensor are
   * stacked into a new host tensor; tensors already fused, and every other tensor, pass through.
   *
   * @throws IllegalArgumentException naming the part that is missing or has another width
   */
  static Map<String, HostTensor> toCheckpoint(LlamaConfig config, Map<String, HostTensor> runtime) {
    Map<String, List<String>> fused = fusedTensors(config);
    Map<String, String> fusedOfPart = fusedOfPart(fused);
    Map<String, HostTensor> out = new LinkedHashMap<>();
    for (Map.Entry<String, HostTensor> e : runtime.entrySet()) {
      String name = fusedOfPart.get(e.getKey());
      if (name == null) {
        out.put(e.getKey(), e.getValue());
      } else if (!out.containsKey(name)) {
        out.put(name, stack(name, fused.get(name), runtime));
      }
    }
    return out;
  }

  private static Map<String, String> fusedOfPart(Map<String, List<String>> fused) {
    Map<String, String> of = new HashMap<>();
    fused.forEach((name, parts) -> parts.forEach(p -> of.put(p, name)));
    return of;
  }

  /** The parts stacked along dimension 0: [sum of rows, ...] */
  private static HostTensor stack(
      String name, List<String> parts, Map<String, HostTensor> runtime) {
    long[] shape = null;
    long elements = 0;
    for (String part : parts) {
      HostTensor t = runtime.get(part);
      if (t == null) {
        throw new IllegalArgumentException(
            "tensor " + part + " must be given to write " + name + ", but was missing");
      }
      long[] partShape = t.shape();
      elements += t.size();
      if (shape == null) {
        shape = partShape;
      } else {
        long rows = shape[0];
        shape[0] = partShape[0];
        if (!Arrays.equals(shape, partShape)) {
          throw new IllegalArgumentException(
              "tensor " + part + " must match the width of the other parts of " + name);
        }
        shape[0] = rows + partShape[0];
      }
    }
    FloatBuffer values = FloatBuffer.allocate(Math.toIntExact(elements));
    for (String part : parts) {
      values.put(runtime.get(part).toFloatArray());
    }
    return HostTensor.of(shape, values.array());
  }
}
