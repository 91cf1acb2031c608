package ai.spar.stack;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.spar.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;

/**
 * Proves the DJL stack works offline: the PyTorch engine computes and differentiates; HF tokenizers
 * load.
 */
class DjlStackSmokeTest {

  @Test
  void pytorchEngineInitialisesOfflineFromTheProjectCache() {
    assertThat(System.getProperty("ai.djl.offline")).isEqualTo("true");
    Engine engine = Engine.getEngine("PyTorch");
    assertThat(engine.getVersion()).startsWith("2.7.1");
    Path cache = Paths.get(System.getProperty("DJL_CACHE_DIR"));
    assertThat(cache).isDirectory();
    assertThat(cache.resolve("pytorch")).isDirectory();
  }

  @Test
  void forwardAndBackwardPassGiveTheAnalyticGradient() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray w = manager.create(new float[] {1f, -2f, 3f, 0.5f}, new Shape(2, 2));
      NDArray x = manager.create(new float[] {0.5f, 4f}, new Shape(2, 1));
      w.setRequiresGradient(true);
      try (GradientCollector collector = engineCollector()) {
        NDArray y = w.matMul(x); // [2, 1]
        NDArray loss = y.square().sum(); // scalar: sum_i (w x)_i^2
        collector.backward(loss);
      }
      // d/dW sum((Wx)^2) = 2 (Wx) x^T ; Wx = [0.5 - 8, 1.5 + 2] = [-7.5, 3.5]
      float[] grad = w.getGradient().toFloatArray();
      assertThat(grad).containsExactly(-7.5f, -60f, 3.5f, 28f);
    }
  }

  private static GradientCollector engineCollector() {
    return Engine.getEngine("PyTorch").newGradientCollector();
  }

  @Test
  void huggingFaceTokenizerRoundTripsTheFixtureVocabulary() throws Exception {
    Path tokenizerJson = Fixtures.tinyLlama().resolve("tokenizer.json");
    assertThat(Files.exists(tokenizerJson)).isTrue();
    try (HuggingFaceTokenizer tokenizer =
        HuggingFaceTokenizer.builder()
            .optTokenizerPath(tokenizerJson)
            .optAddSpecialTokens(false)
            .build()) {
      String text = "Write a haiku about rain, all in lowercase. Ünïcode too!";
      Encoding encoding = tokenizer.encode(text);
      long[] ids = encoding.getIds();
      assertThat(ids.length).isGreaterThan(5).isLessThan(text.getBytes("UTF-8").length + 1);
      assertThat(tokenizer.decode(ids, true)).isEqualTo(text);
      long[] special = tokenizer.encode("<|begin_of_text|>hi").getIds();
      assertThat(special[0]).isEqualTo(442L);
    }
  }
}
