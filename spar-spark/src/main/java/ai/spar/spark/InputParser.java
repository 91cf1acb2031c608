package ai.spar.spark;

import ai.spar.ifeval.InstructionRegistry;
import ai.spar.ifeval.VerifiableInstructions;
import ai.spar.selfplay.Instruction;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates one input row, given as a JSON object, into an {@link InputRow}: an {@link Instruction}
 * (its constraints and their {@code kwargs} parsed once, as the maps {@link VerifiableInstructions}
 * holds, and checked against the IFEval registry) or a rejection. Pure and thread-safe. Accepted
 * fields: {@code id} (string or number; IFEval's {@code key} is accepted in its place), {@code
 * prompt} (non-blank string), optional {@code instruction_id_list} (array of strings) with a
 * parallel {@code kwargs} (array of objects or nulls). Other fields are ignored. Every problem
 * becomes the row's error, naming the row and the field.
 */
public final class InputParser {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, Object>> KWARGS = new TypeReference<>() {};

  private InputParser() {}

  /**
   * The id of a prompt without one: {@code p-} and the first 16 hex digits of the SHA-256 of its
   * UTF-8 text.
   */
  public static String derivedId(String prompt) {
    return "p-"
        + Hashing.sha256().hashString(prompt, StandardCharsets.UTF_8).toString().substring(0, 16);
  }

  /**
   * Parses and validates a row.
   *
   * @param row the 1-based row number, used in messages and as a fallback id
   * @param json the row as JSON text
   */
  public static InputRow parse(long row, String json) {
    JsonNode node;
    try {
      node = json == null || json.isBlank() ? null : JSON.readTree(json);
    } catch (JsonProcessingException e) {
      return InputRow.invalid(
          row, "row-" + row, "row " + row + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      return InputRow.invalid(row, "row-" + row, "row " + row + ": expected a JSON object");
    }
    return parse(row, node);
  }

  private static InputRow parse(long row, JsonNode node) {
    JsonNode idNode = node.hasNonNull("id") ? node.get("id") : node.get("key");
    String givenId = null;
    if (idNode != null && !idNode.isNull()) {
      if (!idNode.isTextual() && !idNode.isIntegralNumber()) {
        return InputRow.invalid(
            row, "row-" + row, "row " + row + ": field 'id' must be a string or an integer");
      }
      givenId = idNode.asText().strip();
      if (givenId.isEmpty()) {
        return InputRow.invalid(row, "row-" + row, "row " + row + ": field 'id' is blank");
      }
    }
    String fallbackId = givenId != null ? givenId : "row-" + row;
    JsonNode promptNode = node.get("prompt");
    if (promptNode == null || promptNode.isNull()) {
      return InputRow.invalid(row, fallbackId, "row " + row + ": field 'prompt' is missing");
    }
    if (!promptNode.isTextual()) {
      return InputRow.invalid(row, fallbackId, "row " + row + ": field 'prompt' must be a string");
    }
    String prompt = promptNode.asText();
    if (prompt.isBlank()) {
      return InputRow.invalid(row, fallbackId, "row " + row + ": field 'prompt' is empty");
    }
    String id = givenId != null ? givenId : derivedId(prompt);

    List<String> ids = new ArrayList<>();
    JsonNode idList = node.get("instruction_id_list");
    if (idList != null && !idList.isNull()) {
      if (!idList.isArray()) {
        return InputRow.invalid(
            row, id, "row " + row + ": field 'instruction_id_list' must be an array of strings");
      }
      for (JsonNode item : idList) {
        if (!item.isTextual() || item.asText().isBlank()) {
          return InputRow.invalid(
              row,
              id,
              "row "
                  + row
                  + ": field 'instruction_id_list' must hold non-blank strings, found "
                  + item);
        }
        ids.add(item.asText());
      }
    }
    JsonNode kwargs = node.get("kwargs");
    List<Map<String, Object>> kwargsList = new ArrayList<>();
    if (kwargs != null && !kwargs.isNull()) {
      if (!kwargs.isArray()) {
        return InputRow.invalid(
            row, id, "row " + row + ": field 'kwargs' must be an array of objects");
      }
      for (JsonNode item : kwargs) {
        if (!item.isObject() && !item.isNull()) {
          return InputRow.invalid(
              row, id, "row " + row + ": field 'kwargs' must hold objects, found " + item);
        }
        kwargsList.add(item.isNull() ? Map.of() : JSON.convertValue(item, KWARGS));
      }
    } else {
      ids.forEach(i -> kwargsList.add(Map.of()));
    }
    if (kwargsList.size() != ids.size()) {
      return InputRow.invalid(
          row,
          id,
          "row "
              + row
              + ": field 'kwargs' has "
              + kwargsList.size()
              + " entries but 'instruction_id_list' has "
              + ids.size()
              + "; they must be parallel");
    }
    for (int i = 0; i < ids.size(); i++) {
      String problem = constraintProblem(ids.get(i), kwargsList.get(i));
      if (problem != null) {
        return InputRow.invalid(
            row,
            id,
            "row "
                + row
                + ": field 'instruction_id_list'["
                + i
                + "] / 'kwargs'["
                + i
                + "]: "
                + problem);
      }
    }
    return InputRow.valid(
        row,
        new Instruction(
            id,
            prompt,
            ids.isEmpty()
                ? VerifiableInstructions.NONE
                : new VerifiableInstructions(ids, kwargsList)));
  }

  /**
   * Why a verifiable constraint cannot be checked (an unknown id, a missing or unknown kwarg, a
   * kwarg of the wrong type or range: the IFEval registry's message, naming the id, the kwarg and
   * the expected type), or null when it can. Checked when the row is read, before any model call.
   */
  static String constraintProblem(String instructionId, Map<String, Object> kwargs) {
    try {
      InstructionRegistry.create(instructionId, kwargs);
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }
}
