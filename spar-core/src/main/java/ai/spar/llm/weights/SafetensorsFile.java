package ai.spar.llm.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One safetensors file opened for reading. The header is parsed and validated when the file is
 * opened (a truncated file, offsets outside the data section, a size that does not match shape
 * times element size, or an unsupported dtype all fail with a message naming the file and the
 * tensor); tensor data is memory-mapped on demand, one tensor at a time, so a reader never holds a
 * whole file in the Java heap.
 *
 * <p>Not thread-safe. Close it to release the file handle; tensors already read stay valid until
 * released.
 */
public final class SafetensorsFile implements AutoCloseable {
  /** Headers above this size are rejected as corrupt (real headers are at most a few MB). */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final FileChannel channel;
  private final long dataStart;
  private final Map<String, TensorInfo> tensors;
  private final Map<String, String> metadata;

  private SafetensorsFile(
      Path file,
      FileChannel channel,
      long dataStart,
      Map<String, TensorInfo> tensors,
      Map<String, String> metadata) {
    this.file = file;
    this.channel = channel;
    this.dataStart = dataStart;
    this.tensors = tensors;
    this.metadata = metadata;
  }

  /**
   * Opens and validates a file.
   *
   * @throws SafetensorsException if the file is missing or malformed; the message names the file
   *     (and the tensor)
   */
  public static SafetensorsFile open(Path file) {
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new SafetensorsException(file + ": safetensors file does not exist");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open " + file, e);
    }
    try {
      return parse(file, channel);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private static SafetensorsFile parse(Path file, FileChannel channel) {
    try {
      long fileSize = channel.size();
      if (fileSize < 8) {
        throw new SafetensorsException(
            file
                + ": truncated safetensors file: "
                + fileSize
                + " bytes, shorter than the 8-byte header length");
      }
      ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(channel, lengthBytes, 0);
      long headerLength = lengthBytes.flip().getLong();
      if (headerLength < 2 || headerLength > MAX_HEADER_BYTES || headerLength > fileSize - 8) {
        throw new SafetensorsException(
            file
                + ": truncated or corrupt safetensors file: header length "
                + headerLength
                + " but the file has "
                + fileSize
                + " bytes");
      }
      ByteBuffer headerBytes = ByteBuffer.allocate((int) headerLength);
      readFully(channel, headerBytes, 8);
      String headerText = new String(headerBytes.array(), StandardCharsets.UTF_8);
      JsonNode header;
      try {
        header = JSON.readTree(headerText);
      } catch (IOException e) {
        throw new SafetensorsException(file + ": header is not valid JSON: " + e.getMessage());
      }
      if (header == null || !header.isObject()) {
        throw new SafetensorsException(file + ": header must be a JSON object");
      }
      long dataStart = 8 + headerLength;
      long dataSize = fileSize - dataStart;
      Map<String, TensorInfo> tensors = new LinkedHashMap<>();
      Map<String, String> metadata = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        if (entry.getKey().equals("__metadata__")) {
          entry
              .getValue()
              .fields()
              .forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        } else {
          tensors.put(entry.getKey(), tensorInfo(file, entry.getKey(), entry.getValue(), dataSize));
        }
      }
      return new SafetensorsFile(
          file,
          channel,
          dataStart,
          Collections.unmodifiableMap(tensors),
          Collections.unmodifiableMap(metadata));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static TensorInfo tensorInfo(Path file, String name, JsonNode node, long dataSize) {
    String where = file + ": tensor " + name;
    JsonNode dtypeNode = node.get("dtype");
    JsonNode shapeNode = node.get("shape");
    JsonNode offsets = node.get("data_offsets");
    if (dtypeNode == null
        || shapeNode == null
        || !shapeNode.isArray()
        || offsets == null
        || offsets.size() != 2) {
      throw new SafetensorsException(
          where + ": header entry needs dtype, shape and two data_offsets, but was " + node);
    }
    TensorDType dtype;
    try {
      dtype = TensorDType.parse(dtypeNode.asText());
    } catch (IllegalArgumentException e) {
      throw new SafetensorsException(where + ": " + e.getMessage());
    }
    List<Long> shape = new ArrayList<>();
    for (JsonNode d : shapeNode) {
      if (!d.canConvertToLong() || d.asLong() < 0) {
        throw new SafetensorsException(
            where + ": shape must hold non-negative integers, but was " + shapeNode);
      }
      shape.add(d.asLong());
    }
    long begin = offsets.get(0).asLong();
    long end = offsets.get(1).asLong();
    if (begin < 0 || end < begin || end > dataSize) {
      throw new SafetensorsException(
          where
              + ": data_offsets ["
              + begin
              + ", "
              + end
              + "] are outside the data section of "
              + dataSize
              + " bytes (truncated file?)");
    }
    TensorInfo info = new TensorInfo(name, dtype, shape, begin, end);
    long expected = info.elementCount() * dtype.bytes();
    if (info.byteLength() != expected) {
      throw new SafetensorsException(
          where
              + ": shape "
              + shape
              + " of "
              + dtype
              + " needs "
              + expected
              + " bytes, but data_offsets span "
              + info.byteLength());
    }
    return info;
  }

  /** The file this reader reads. */
  public Path path() {
    return file;
  }

  /** Tensor entries in header order. */
  public Map<String, TensorInfo> tensors() {
    return tensors;
  }

  /** The {@code __metadata__} section (empty if absent). */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * Reads a tensor as float32. F32 data is returned as a memory map of the file (no copy); F16 and
   * BF16 are widened in Java into a direct buffer.
   *
   * @throws SafetensorsException if the file has no such tensor
   */
  public HostTensor readFloat32(String name) {
    TensorInfo info = tensors.get(name);
    if (info == null) {
      throw new SafetensorsException(file + ": no tensor named " + name);
    }
    try {
      MappedByteBuffer mapped =
          channel.map(FileChannel.MapMode.READ_ONLY, dataStart + info.begin(), info.byteLength());
      mapped.order(ByteOrder.LITTLE_ENDIAN);
      if (info.dtype() == TensorDType.F32) {
        return HostTensor.owning(info.shapeArray(), mapped);
      }
      ByteBuffer widened =
          ByteBuffer.allocateDirect(Math.toIntExact(info.elementCount() * Float.BYTES))
              .order(ByteOrder.LITTLE_ENDIAN);
      int n = Math.toIntExact(info.elementCount());
      for (int i = 0; i < n; i++) {
        short bits = mapped.getShort(i * 2);
        widened.putFloat(
            i * Float.BYTES,
            info.dtype() == TensorDType.BF16
                ? HalfFloats.bf16ToFloat(bits)
                : HalfFloats.f16ToFloat(bits));
      }
      HostTensor.owning(new long[] {info.byteLength() / Float.BYTES}, mapped).release();
      return HostTensor.owning(info.shapeArray(), widened);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": cannot map tensor " + name, e);
    }
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void readFully(FileChannel channel, ByteBuffer target, long position)
      throws IOException {
    long pos = position;
    while (target.hasRemaining()) {
      int read = channel.read(target, pos);
      if (read < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += read;
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing to recover on close of a read-only channel
    }
  }
}
