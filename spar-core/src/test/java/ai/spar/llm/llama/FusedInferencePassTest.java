package ai.spar.llm.llama;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.spar.llm.weights.HostTensor;
import ai.spar.llm.weights.SafetensorsCheckpoint;
import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fused inference pass against the reference forward pass and the golden logits. */
class FusedInferencePassTest {
  private static final double TOLERANCE = 1e-4;
  private static NDManager manager;
  private static JsonNode expected;

  @BeforeAll
  static void start() throws IOException {
    manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    expected =
        new ObjectMapper().readTree(Fixtures.read("tiny-llama/expected.json")).get("sequences");
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  private static LlamaWeights tinyLlama() {
    try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(Fixtures.tinyLlama())) {
      return LlamaWeights.load(
          LlamaConfig.load(Fixtures.tinyLlama()), checkpoint, manager, DataType.FLOAT32);
    }
  }

  @Test
  void incrementalPassMatchesTheGoldenLogitsWithCopiedAndWithFusedWeights() {
    for (boolean fuse : new boolean[] {false, true}) {
      try (LlamaModel model = new LlamaModel(tinyLlama(), DataType.FLOAT32)) {
        if (fuse) {
          model.weights().fuseProjections();
        }
        for (JsonNode sequence : expected) {
          long[] ids = LlamaModelGoldenTest.ids(sequence.get("input_ids"));
          float[][] actual = incremental(model, ids, Math.max(1, ids.length / 2));
          JsonNode rows = sequence.get("logits");
          for (int p = 0; p < ids.length; p++) {
            for (int v = 0; v < actual[p].length; v++) {
              assertThat(Math.abs(actual[p][v] - rows.get(p).get(v).asDouble()))
                  .as("fused=%s position %s token %s", fuse, p, v)
                  .isLessThan(TOLERANCE);
            }
          }
        }
      }
    }
  }

  @Test
  void fusingKeepsEveryNamedParameterAndTheReferencePass() {
    try (LlamaWeights plain = tinyLlama();
        LlamaWeights fused = tinyLlama()) {
      fused.fuseProjections();
      fused.fuseProjections(); // idempotent
      assertThat(fused.parameters().keySet())
          .containsExactlyElementsOf(plain.parameters().keySet());
      for (String name : plain.parameters().keySet()) {
        NDArray a = plain.get(name);
        NDArray b = fused.get(name);
        assertThat(b.getShape()).as(name).isEqualTo(a.getShape());
        assertThat(b.toFloatArray()).as(name).containsExactly(a.toFloatArray());
      }
      String q = LlamaWeights.layer(1, "self_attn.q_proj.weight");
      assertThat(fused.fusedQkv(1).getShape().get(0))
          .isEqualTo(
              plain.get(q).getShape().get(0)
                  + 2
                      * plain
                          .get(LlamaWeights.layer(1, "self_attn.k_proj.weight"))
                          .getShape()
                          .get(0));
      // the named tensors share the fused storage: no second copy of the weights
      fused.fusedQkv(1).set(new ai.djl.ndarray.index.NDIndex("0, 0"), 42f);
      assertThat(fused.get(q).getFloat(0, 0)).isEqualTo(42f);
    }
  }

  @Test
  void qwenWithBiasesAndLlama3ScalingMatchesTheReferenceWithPaddedBatches() {
    LlamaConfig config =
        new LlamaConfig(
            LlamaConfig.QWEN2,
            61,
            32,
            48,
            2,
            4,
            2,
            8,
            128,
            1e-6,
            1e4,
            Optional.of(new LlamaConfig.RopeScaling("llama3", 8.0, 1.0, 4.0, 16)),
            true,
            false,
            1,
            List.of(2),
            1.0);
    Map<String, HostTensor> host = new LinkedHashMap<>(LlamaInitializer.randomWeights(config, 5));
    SplittableRandom rng = new SplittableRandom(9);
    host.replaceAll(
        (name, tensor) -> {
          if (!name.endsWith(".bias")) {
            return tensor;
          }
          float[] values = new float[Math.toIntExact(tensor.size())];
          for (int i = 0; i < values.length; i++) {
            values[i] = (float) (rng.nextDouble() - 0.5);
          }
          return HostTensor.of(tensor.shape(), values);
        });
    try (LlamaModel model =
        new LlamaModel(
            LlamaWeights.fromHost(config, host, manager, DataType.FLOAT32), DataType.FLOAT32)) {
      model.weights().fuseProjections();
      long[][] sequences = {{3, 14, 15, 9, 26, 5, 35, 8, 9, 7, 9, 3}, {27, 18, 28, 18, 45, 9}};
      for (long[] ids : sequences) {
        float[][] reference = reference(model, ids);
        float[][] actual = incremental(model, ids, 4);
        for (int p = 0; p < ids.length; p++) {
          for (int v = 0; v < reference[p].length; v++) {
            assertThat((double) Math.abs(actual[p][v] - reference[p][v]))
                .as("position %s token %s", p, v)
                .isLessThan(TOLERANCE);
          }
        }
      }
      // without a cache the pass attends over the whole (left-padded) batch at once
      int t = sequences[0].length;
      int pad = t - sequences[1].length;
      long[] ids = new long[2 * t];
      long[] positions = new long[2 * t];
      for (int j = 0; j < t; j++) {
        ids[j] = sequences[0][j];
        positions[j] = j;
        ids[t + j] = j < pad ? 0 : sequences[1][j - pad];
        positions[t + j] = Math.max(0, j - pad);
      }
      float[] mask = StaticBatcher.causalMask(new int[] {0, pad}, t, 0, t);
      try (NDManager step = manager.newSubManager()) {
        float[] logits =
            model
                .logits(
                    model.hidden(
                        step.create(ids, new Shape(2, t)),
                        step.create(positions, new Shape(2, t)),
                        step.create(mask, new Shape(2, 1, 1, t, t)),
                        null,
                        0))
                .toFloatArray(); // [2, t, vocab]
        float[][] second = reference(model, sequences[1]);
        int vocab = config.vocabSize();
        for (int p = 0; p < sequences[1].length; p++) {
          for (int v = 0; v < vocab; v++) {
            assertThat((double) Math.abs(logits[(t + pad + p) * vocab + v] - second[p][v]))
                .isLessThan(TOLERANCE);
          }
        }
      }
    }
  }

  /** Logits of every position from the reference forward pass. */
  private static float[][] reference(LlamaModel model, long[] ids) {
    try (NDManager step = manager.newSubManager()) {
      NDArray logits =
          model.forward(
              step.create(ids, new Shape(1, ids.length)),
              step.ones(new Shape(1, ids.length), DataType.INT64));
      return split(logits.toFloatArray(), ids.length);
    }
  }

  /** Logits of every position: the first {@code prefill} tokens at once, then one per step. */
  private static float[][] incremental(LlamaModel model, long[] ids, int prefill) {
    int vocab = model.config().vocabSize();
    float[][] out = new float[ids.length][];
    try (KvCache cache =
        KvCache.allocate(manager, model.config(), 1, ids.length, DataType.FLOAT32)) {
      for (int start = 0; start < ids.length; ) {
        int t = start == 0 ? prefill : 1;
        long[] chunk = java.util.Arrays.copyOfRange(ids, start, start + t);
        long[] positions = new long[t];
        for (int j = 0; j < t; j++) {
          positions[j] = start + j;
        }
        float[] mask = StaticBatcher.causalMask(new int[] {0}, t, start, start + t);
        try (NDManager step = manager.newSubManager()) {
          NDArray hidden =
              model.hidden(
                  step.create(chunk, new Shape(1, t)),
                  step.create(positions, new Shape(1, t)),
                  step.create(mask, new Shape(1, 1, 1, t, start + t)),
                  cache,
                  start);
          float[][] rows = split(model.logits(hidden).toFloatArray(), t);
          System.arraycopy(rows, 0, out, start, t);
        }
        start += t;
      }
    }
    assertThat(out[0]).hasSize(vocab);
    return out;
  }

  private static float[][] split(float[] flat, int rows) {
    int width = flat.length / rows;
    float[][] out = new float[rows][];
    for (int r = 0; r < rows; r++) {
      out[r] = java.util.Arrays.copyOfRange(flat, r * width, (r + 1) * width);
    }
    return out;
  }
}
