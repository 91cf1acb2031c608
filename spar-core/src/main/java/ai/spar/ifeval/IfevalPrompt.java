package ai.spar.ifeval;

import ai.spar.jsonl.JsonlFile;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.base.Preconditions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One IFEval prompt: its key, text and verifiable instructions, as a row of {@code
 * input_data.jsonl}.
 *
 * @param key the prompt's key (unique within a data set)
 * @param prompt the prompt text
 * @param instructions the instruction ids with their kwargs
 */
public record IfevalPrompt(long key, String prompt, VerifiableInstructions instructions) {

  /** The classpath resource with the 541 IFEval prompts. */
  public static final String BUNDLED_RESOURCE = "/ai/spar/ifeval/input_data.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  public IfevalPrompt {
    Preconditions.checkArgument(prompt != null, "prompt must not be null");
    Preconditions.checkArgument(instructions != null, "instructions must not be null");
  }

  /** The 541 prompts of the IFEval benchmark bundled with this module. */
  public static List<IfevalPrompt> bundled() {
    try (InputStream in = IfevalPrompt.class.getResourceAsStream(BUNDLED_RESOURCE)) {
      Preconditions.checkState(in != null, "missing classpath resource %s", BUNDLED_RESOURCE);
      return read(new InputStreamReader(in, StandardCharsets.UTF_8), BUNDLED_RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads prompts from a JSONL file (UTF-8). */
  public static List<IfevalPrompt> read(Path file) {
    List<IfevalPrompt> out = new ArrayList<>();
    for (JsonlFile.Line line : JsonlFile.read(file)) {
      if (!line.isBlank()) {
        out.add(parse(line.text(), file + ":" + line.number()));
      }
    }
    return out;
  }

  private static List<IfevalPrompt> read(Reader reader, String source) throws IOException {
    List<IfevalPrompt> out = new ArrayList<>();
    BufferedReader br = new BufferedReader(reader);
    int lineNo = 0;
    for (String line = br.readLine(); line != null; line = br.readLine()) {
      lineNo++;
      if (!line.isBlank()) {
        out.add(parse(line, source + ":" + lineNo));
      }
    }
    return out;
  }

  /**
   * Parses one JSONL row with {@code key}, {@code prompt}, {@code instruction_id_list} and {@code
   * kwargs}.
   *
   * @throws IllegalArgumentException naming {@code where} and the key at fault
   */
  public static IfevalPrompt parse(String line, String where) {
    try {
      JsonNode row = JSON.readTree(line);
      JsonNode key = row.get("key");
      JsonNode prompt = row.get("prompt");
      JsonNode ids = row.get("instruction_id_list");
      Preconditions.checkArgument(
          key != null && key.canConvertToLong(), "%s: 'key' must be an integer", where);
      Preconditions.checkArgument(
          prompt != null && prompt.isTextual(), "%s: 'prompt' must be a string", where);
      Preconditions.checkArgument(
          ids != null && ids.isArray(), "%s: 'instruction_id_list' must be a list", where);
      return new IfevalPrompt(key.asLong(), prompt.asText(), instructions(row, where));
    } catch (IOException e) {
      throw new IllegalArgumentException(where + ": not valid JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads {@code instruction_id_list} and {@code kwargs} of a row (kwargs may be absent: all
   * empty).
   */
  static VerifiableInstructions instructions(JsonNode row, String where) {
    List<String> ids =
        JSON.convertValue(row.get("instruction_id_list"), new TypeReference<List<String>>() {});
    JsonNode kw = row.get("kwargs");
    List<Map<String, Object>> kwargs = new ArrayList<>();
    if (kw == null || kw.isNull()) {
      ids.forEach(id -> kwargs.add(Map.of()));
    } else {
      Preconditions.checkArgument(kw.isArray(), "%s: 'kwargs' must be a list", where);
      for (JsonNode k : kw) {
        kwargs.add(JSON.convertValue(k, new TypeReference<Map<String, Object>>() {}));
      }
    }
    Preconditions.checkArgument(
        ids.size() == kwargs.size(),
        "%s: instruction_id_list has %s entries but kwargs has %s",
        where,
        ids.size(),
        kwargs.size());
    return new VerifiableInstructions(ids, kwargs);
  }
}
