package ai.spar.llm.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.spar.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  @TempDir Path dir;

  private static Map<String, HostTensor> randomTensors() {
    SplittableRandom rng = new SplittableRandom(7);
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    for (int i = 0; i < 5; i++) {
      float[] v = new float[(i + 1) * 6];
      for (int j = 0; j < v.length; j++) {
        v[j] = (float) (rng.nextDouble() * 8 - 4);
      }
      tensors.put("t" + i, HostTensor.of(new long[] {i + 1, 6}, v));
    }
    return tensors;
  }

  @Test
  void f32RoundTripIsExact() {
    Map<String, HostTensor> tensors = randomTensors();
    SafetensorsWriter.write(
        dir.resolve("a.safetensors"), tensors, TensorDType.F32, Map.of("format", "pt"));
    try (SafetensorsFile file = SafetensorsFile.open(dir.resolve("a.safetensors"))) {
      assertThat(file.tensors().keySet()).containsExactly("t0", "t1", "t2", "t3", "t4");
      assertThat(file.metadata()).containsEntry("format", "pt");
      for (String name : tensors.keySet()) {
        HostTensor read = file.readFloat32(name);
        assertThat(read.shape()).containsExactly(tensors.get(name).shape());
        assertThat(read.toFloatArray()).containsExactly(tensors.get(name).toFloatArray());
      }
    }
  }

  @Test
  void halfPrecisionRoundTripsWithinTheirPrecision() {
    Map<String, HostTensor> tensors = randomTensors();
    for (TensorDType dtype : new TensorDType[] {TensorDType.F16, TensorDType.BF16}) {
      Path file = dir.resolve(dtype + ".safetensors");
      SafetensorsWriter.write(file, tensors, dtype, Map.of());
      double tolerance = dtype == TensorDType.F16 ? 4.0 / 2048 : 4.0 / 128;
      try (SafetensorsFile read = SafetensorsFile.open(file)) {
        assertThat(read.tensors().get("t2").dtype()).isEqualTo(dtype);
        float[] expected = tensors.get("t2").toFloatArray();
        float[] actual = read.readFloat32("t2").toFloatArray();
        for (int i = 0; i < expected.length; i++) {
          assertThat((double) actual[i])
              .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(tolerance));
        }
      }
    }
  }

  @Test
  void halfFloatConversionsAreBitExactOnRepresentableValues() {
    for (float v : new float[] {0f, -0f, 1f, -2.5f, 65504f, 0x1p-24f, 0x1p-14f, 3 * 0x1p-24f}) {
      assertThat(HalfFloats.f16ToFloat(HalfFloats.floatToF16(v))).isEqualTo(v);
    }
    assertThat(HalfFloats.f16ToFloat((short) 0x3C00)).isEqualTo(1f);
    assertThat(HalfFloats.f16ToFloat((short) 0x7C00)).isEqualTo(Float.POSITIVE_INFINITY);
    assertThat(HalfFloats.bf16ToFloat((short) 0x3F80)).isEqualTo(1f);
    assertThat(HalfFloats.bf16ToFloat((short) 0xC040)).isEqualTo(-3f);
    assertThat(HalfFloats.floatToBf16(1.00390625f)).isEqualTo((short) 0x3F80); // ties to even
  }

  @Test
  void shardedCheckpointReadsLikeTheSingleFile() throws IOException {
    Map<String, HostTensor> tensors = randomTensors();
    Path single = Files.createDirectory(dir.resolve("single"));
    Path sharded = Files.createDirectory(dir.resolve("sharded"));
    SafetensorsWriter.writeCheckpoint(single, tensors, TensorDType.F32, 1);
    assertThat(SafetensorsWriter.writeCheckpoint(sharded, tensors, TensorDType.F32, 3))
        .extracting(p -> p.getFileName().toString())
        .containsExactly(
            "model-00001-of-00003.safetensors",
            "model-00002-of-00003.safetensors",
            "model-00003-of-00003.safetensors",
            SafetensorsCheckpoint.INDEX_FILE);
    try (SafetensorsCheckpoint a = SafetensorsCheckpoint.open(single);
        SafetensorsCheckpoint b = SafetensorsCheckpoint.open(sharded)) {
      assertThat(b.files()).hasSize(3);
      assertThat(b.tensors().keySet()).containsExactlyInAnyOrderElementsOf(a.tensors().keySet());
      for (String name : tensors.keySet()) {
        assertThat(b.readFloat32(name).toFloatArray())
            .containsExactly(a.readFloat32(name).toFloatArray());
      }
    }
  }

  @Test
  void readsTheTinyLlamaFixture() {
    try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(Fixtures.tinyLlama())) {
      assertThat(checkpoint.tensors()).hasSize(21);
      HostTensor embed = checkpoint.readFloat32("model.embed_tokens.weight");
      assertThat(embed.shape()).containsExactly(447, 64);
      assertThat(WeightsHash.of(checkpoint.files())).hasSize(64);
    }
  }

  @Test
  void missingWeightsNameTheDirectory() {
    assertThatThrownBy(() -> SafetensorsCheckpoint.open(dir))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining(dir.toString())
        .hasMessageContaining("model.safetensors");
    assertThatThrownBy(() -> SafetensorsFile.open(dir.resolve("nope.safetensors")))
        .hasMessageContaining("nope.safetensors")
        .hasMessageContaining("does not exist");
  }

  @Test
  void truncatedFileNamesFileAndTensor() throws IOException {
    Path file = dir.resolve("a.safetensors");
    SafetensorsWriter.write(file, randomTensors(), TensorDType.F32, Map.of());
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
    assertThatThrownBy(() -> SafetensorsFile.open(file))
        .isInstanceOf(SafetensorsException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("tensor t4")
        .hasMessageContaining("outside the data section");
    Files.write(file, Arrays.copyOf(bytes, 20));
    assertThatThrownBy(() -> SafetensorsFile.open(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("truncated");
  }

  @Test
  void shapeThatDoesNotMatchTheOffsetsIsRejected() throws IOException {
    String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,16]}}";
    Path file = writeRaw(header, 16);
    assertThatThrownBy(() -> SafetensorsFile.open(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("tensor w")
        .hasMessageContaining("needs 24 bytes, but data_offsets span 16");
  }

  @Test
  void unsupportedDtypeIsNamed() throws IOException {
    Path file = writeRaw("{\"w\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]}}", 16);
    assertThatThrownBy(() -> SafetensorsFile.open(file))
        .hasMessageContaining("tensor w")
        .hasMessageContaining("unsupported tensor dtype 'I64'");
  }

  private Path writeRaw(String header, int dataBytes) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer =
        ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    buffer.putLong(json.length).put(json);
    Path file = dir.resolve("raw.safetensors");
    Files.write(file, buffer.array());
    return file;
  }
}
