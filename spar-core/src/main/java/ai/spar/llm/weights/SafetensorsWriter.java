package ai.spar.llm.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes float32 host tensors as safetensors in F32, F16 or BF16: one file, or {@code n} shards
 * with a {@code model.safetensors.index.json} as Hugging Face writes them. Stateless and
 * thread-safe.
 */
public final class SafetensorsWriter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CHUNK_ELEMENTS = 1 << 16;

  private SafetensorsWriter() {}

  /**
   * Writes one file. Tensors are stored in map order; the header is padded with spaces to a
   * multiple of 8 bytes.
   *
   * @param metadata the {@code __metadata__} strings (e.g. {@code format: pt})
   */
  public static void write(
      Path file, Map<String, HostTensor> tensors, TensorDType dtype, Map<String, String> metadata) {
    ObjectNode header = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode meta = header.putObject("__metadata__");
      metadata.forEach(meta::put);
    }
    long offset = 0;
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      long bytes = e.getValue().size() * dtype.bytes();
      ObjectNode entry = header.putObject(e.getKey());
      entry.put("dtype", dtype.headerName());
      ArrayNode shape = entry.putArray("shape");
      for (long d : e.getValue().shape()) {
        shape.add(d);
      }
      entry.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] headerJson;
    try {
      headerJson = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int padded = (headerJson.length + 7) / 8 * 8;
    ByteBuffer prefix = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
    prefix.putLong(padded).put(headerJson);
    while (prefix.hasRemaining()) {
      prefix.put((byte) ' ');
    }
    prefix.flip();
    try (FileChannel out =
        FileChannel.open(
            file,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      writeFully(out, prefix);
      ByteBuffer chunk =
          ByteBuffer.allocate(CHUNK_ELEMENTS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      for (HostTensor tensor : tensors.values()) {
        FloatBuffer values = tensor.data().asFloatBuffer();
        while (values.hasRemaining()) {
          chunk.clear();
          int n = Math.min(CHUNK_ELEMENTS, values.remaining());
          for (int i = 0; i < n; i++) {
            float v = values.get();
            switch (dtype) {
              case F32 -> chunk.putFloat(v);
              case F16 -> chunk.putShort(HalfFloats.floatToF16(v));
              case BF16 -> chunk.putShort(HalfFloats.floatToBf16(v));
            }
          }
          chunk.flip();
          writeFully(out, chunk);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /**
   * Writes the tensors into {@code directory}: {@code model.safetensors} when {@code shards == 1},
   * otherwise {@code model-0000i-of-0000n.safetensors} files of roughly equal size plus the index.
   *
   * @return the files written (index last)
   */
  public static List<Path> writeCheckpoint(
      Path directory, Map<String, HostTensor> tensors, TensorDType dtype, int shards) {
    Preconditions.checkArgument(shards >= 1, "shards must be >= 1, but was: %s", shards);
    Preconditions.checkArgument(
        shards <= Math.max(1, tensors.size()),
        "shards must be <= the number of tensors (%s), but was: %s",
        tensors.size(),
        shards);
    Map<String, String> metadata = Map.of("format", "pt");
    if (shards == 1) {
      Path file = directory.resolve(SafetensorsCheckpoint.SINGLE_FILE);
      write(file, tensors, dtype, metadata);
      return List.of(file);
    }
    long total = tensors.values().stream().mapToLong(t -> t.size() * dtype.bytes()).sum();
    long target = (total + shards - 1) / shards;
    List<Map<String, HostTensor>> parts = new ArrayList<>();
    Map<String, HostTensor> current = new LinkedHashMap<>();
    long currentBytes = 0;
    int remainingTensors = tensors.size();
    for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
      // cut when full, or when every later shard needs one of the remaining tensors
      boolean mustCut = remainingTensors == shards - parts.size() - 1;
      if (!current.isEmpty() && parts.size() < shards - 1 && (currentBytes >= target || mustCut)) {
        parts.add(current);
        current = new LinkedHashMap<>();
        currentBytes = 0;
      }
      current.put(e.getKey(), e.getValue());
      currentBytes += e.getValue().size() * dtype.bytes();
      remainingTensors--;
    }
    parts.add(current);
    List<Path> written = new ArrayList<>();
    ObjectNode index = JSON.createObjectNode();
    index.putObject("metadata").put("total_size", total);
    ObjectNode weightMap = index.putObject("weight_map");
    for (int i = 0; i < parts.size(); i++) {
      String name =
          String.format(Locale.ROOT, "model-%05d-of-%05d.safetensors", i + 1, parts.size());
      Path file = directory.resolve(name);
      write(file, parts.get(i), dtype, metadata);
      parts.get(i).keySet().forEach(t -> weightMap.put(t, name));
      written.add(file);
    }
    Path indexFile = directory.resolve(SafetensorsCheckpoint.INDEX_FILE);
    try {
      Files.writeString(
          indexFile,
          JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index),
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + indexFile, e);
    }
    written.add(indexFile);
    return written;
  }

  private static void writeFully(FileChannel out, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      out.write(buffer);
    }
  }
}
