package ai.spar.llm.llama;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The parts of a Hugging Face {@code generation_config.json} the runtime uses, bound leniently.
 *
 * @param bosTokenId beginning-of-sequence id, -1 if absent
 * @param eosTokenIds end-of-sequence ids (an int or a list in the file); empty if absent
 */
public record GenerationConfig(int bosTokenId, List<Integer> eosTokenIds) {
  /** The file name in a model directory. */
  public static final String FILE = "generation_config.json";

  public GenerationConfig {
    eosTokenIds = List.copyOf(eosTokenIds);
  }

  /**
   * Reads the file of a model directory; an absent file gives an empty configuration.
   *
   * @throws IllegalArgumentException naming the file if it is not valid JSON
   */
  public static GenerationConfig load(Path directory) {
    Path file = directory.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return new GenerationConfig(-1, List.of());
    }
    try {
      JsonNode root = new ObjectMapper().readTree(file.toFile());
      return new GenerationConfig(
          LlamaConfig.tokenId(root.get("bos_token_id")), LlamaConfig.ids(root.get("eos_token_id")));
    } catch (IOException e) {
      throw new IllegalArgumentException(file + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  /** As a {@code generation_config.json} object. */
  public ObjectNode toJson() {
    ObjectNode root = new ObjectMapper().createObjectNode();
    if (bosTokenId >= 0) {
      root.put("bos_token_id", bosTokenId);
    }
    eosTokenIds.forEach(root.putArray("eos_token_id")::add);
    return root;
  }
}
