package ai.spar.llm.weights;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The weights of a Hugging Face model directory: {@code model.safetensors}, or the shards listed by
 * {@code model.safetensors.index.json}. Tensors are looked up by name across shards.
 *
 * <p>Not thread-safe; close it to release the files.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {
  /** The single-file weights name. */
  public static final String SINGLE_FILE = "model.safetensors";

  /** The shard index name. */
  public static final String INDEX_FILE = "model.safetensors.index.json";

  private final Path directory;
  private final List<SafetensorsFile> files;
  private final Map<String, SafetensorsFile> byTensor;

  private SafetensorsCheckpoint(
      Path directory, List<SafetensorsFile> files, Map<String, SafetensorsFile> byTensor) {
    this.directory = directory;
    this.files = files;
    this.byTensor = byTensor;
  }

  /**
   * Opens the weights of a model directory.
   *
   * @throws SafetensorsException if neither weights layout is present, a shard is missing or
   *     malformed, or the index names a tensor its shard does not hold
   */
  public static SafetensorsCheckpoint open(Path directory) {
    Path index = directory.resolve(INDEX_FILE);
    Path single = directory.resolve(SINGLE_FILE);
    List<SafetensorsFile> files = new ArrayList<>();
    Map<String, SafetensorsFile> byTensor = new LinkedHashMap<>();
    try {
      if (Files.isRegularFile(index)) {
        Map<String, String> weightMap = readWeightMap(index);
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        for (String shardName : new TreeSet<>(weightMap.values())) {
          SafetensorsFile shard = SafetensorsFile.open(directory.resolve(shardName));
          files.add(shard);
          shards.put(shardName, shard);
        }
        for (Map.Entry<String, String> e : weightMap.entrySet()) {
          SafetensorsFile shard = shards.get(e.getValue());
          if (!shard.tensors().containsKey(e.getKey())) {
            throw new SafetensorsException(
                index
                    + ": tensor "
                    + e.getKey()
                    + " is mapped to "
                    + e.getValue()
                    + ", which does not hold it");
          }
          byTensor.put(e.getKey(), shard);
        }
      } else if (Files.isRegularFile(single)) {
        SafetensorsFile file = SafetensorsFile.open(single);
        files.add(file);
        file.tensors().keySet().forEach(name -> byTensor.put(name, file));
      } else {
        throw new SafetensorsException(
            directory + ": no weights found: expected " + SINGLE_FILE + " or " + INDEX_FILE);
      }
    } catch (RuntimeException e) {
      files.forEach(SafetensorsFile::close);
      throw e;
    }
    return new SafetensorsCheckpoint(
        directory, List.copyOf(files), Collections.unmodifiableMap(byTensor));
  }

  private static Map<String, String> readWeightMap(Path index) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(index.toFile());
    } catch (IOException e) {
      throw new SafetensorsException(index + ": not a valid JSON index: " + e.getMessage());
    }
    JsonNode weightMap = root == null ? null : root.get("weight_map");
    if (weightMap == null || !weightMap.isObject()) {
      throw new SafetensorsException(index + ": missing the weight_map object");
    }
    Map<String, String> map = new LinkedHashMap<>();
    weightMap.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  /** The model directory. */
  public Path directory() {
    return directory;
  }

  /** The weight files, in name order. */
  public List<Path> files() {
    return files.stream().map(SafetensorsFile::path).toList();
  }

  /** Every tensor name with its header entry. */
  public Map<String, TensorInfo> tensors() {
    Map<String, TensorInfo> all = new LinkedHashMap<>();
    byTensor.forEach((name, file) -> all.put(name, file.tensors().get(name)));
    return all;
  }

  /** Whether a tensor of that name exists. */
  public boolean contains(String name) {
    return byTensor.containsKey(name);
  }

  /**
   * Reads a tensor as float32 (see {@link SafetensorsFile#readFloat32}).
   *
   * @throws SafetensorsException naming the tensor and the directory if it is absent
   */
  public HostTensor readFloat32(String name) {
    SafetensorsFile file = byTensor.get(name);
    if (file == null) {
      throw new SafetensorsException(directory + ": checkpoint has no tensor named " + name);
    }
    return file.readFloat32(name);
  }

  /** The file holding a tensor (for error messages). */
  public Path fileOf(String name) {
    SafetensorsFile file = byTensor.get(name);
    return file == null ? directory : file.path();
  }

  @Override
  public void close() {
    files.forEach(SafetensorsFile::close);
  }
}
