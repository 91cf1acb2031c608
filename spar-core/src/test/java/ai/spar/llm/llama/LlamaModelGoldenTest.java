package ai.spar.llm.llama;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.spar.llm.weights.SafetensorsCheckpoint;
import ai.spar.testing.Fixtures;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LlamaModelGoldenTest {
  private static NDManager manager;
  private static LlamaModel model;
  private static JsonNode expected;

  @BeforeAll
  static void load() throws IOException {
    manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
    LlamaConfig config = LlamaConfig.load(Fixtures.tinyLlama());
    try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(Fixtures.tinyLlama())) {
      model =
          new LlamaModel(
              LlamaWeights.load(config, checkpoint, manager, DataType.FLOAT32), DataType.FLOAT32);
    }
    expected =
        new ObjectMapper().readTree(Fixtures.read("tiny-llama/expected.json")).get("sequences");
  }

  @AfterAll
  static void close() {
    model.close();
    manager.close();
  }

  @Test
  void logitsAtEveryPositionMatchTheReference() {
    for (JsonNode sequence : expected) {
      long[] ids = ids(sequence.get("input_ids"));
      try (NDManager step = manager.newSubManager()) {
        NDArray input = step.create(ids, new Shape(1, ids.length));
        NDArray logits = model.forward(input, step.ones(new Shape(1, ids.length), DataType.INT64));
        assertThat(logits.getShape()).isEqualTo(new Shape(1, ids.length, 447));
        float[] actual = logits.toFloatArray();
        JsonNode rows = sequence.get("logits");
        double maxError = 0;
        for (int p = 0; p < ids.length; p++) {
          for (int v = 0; v < 447; v++) {
            maxError =
                Math.max(maxError, Math.abs(actual[p * 447 + v] - rows.get(p).get(v).asDouble()));
          }
        }
        assertThat(maxError).isLessThan(1e-4);
      }
    }
  }

  @Test
  void leftPaddedBatchGivesTheSameLogitsAsSingleSequences() {
    JsonNode a = expected.get(0);
    JsonNode b = expected.get(1);
    long[] ida = ids(a.get("input_ids"));
    long[] idb = ids(b.get("input_ids"));
    int t = ida.length;
    int pad = t - idb.length;
    long[] batch = new long[2 * t];
    long[] mask = new long[2 * t];
    System.arraycopy(ida, 0, batch, 0, t);
    System.arraycopy(idb, 0, batch, t + pad, idb.length);
    for (int i = 0; i < t; i++) {
      mask[i] = 1;
      mask[t + i] = i >= pad ? 1 : 0;
    }
    try (NDManager step = manager.newSubManager()) {
      float[] logits =
          model
              .forward(step.create(batch, new Shape(2, t)), step.create(mask, new Shape(2, t)))
              .toFloatArray();
      for (int p = 0; p < idb.length; p++) {
        for (int v = 0; v < 447; v++) {
          assertThat((double) logits[(t + pad + p) * 447 + v])
              .isCloseTo(
                  b.get("logits").get(p).get(v).asDouble(),
                  org.assertj.core.data.Offset.offset(1e-4));
        }
      }
    }
  }

  static long[] ids(JsonNode node) {
    long[] ids = new long[node.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = node.get(i).asLong();
    }
    return ids;
  }
}
