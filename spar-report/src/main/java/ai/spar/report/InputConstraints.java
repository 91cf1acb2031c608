package ai.spar.report;

import ai.spar.ifeval.VerifiableInstructions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.common.hash.Hashing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The verifiable constraints of a job's input instructions by instruction id, read from the JSONL
 * input the run names ({@code id}, else IFEval's {@code key}, else the job's derived id). Rows
 * without constraints, or that do not parse, are left out: the report only compares the judge with
 * the checkers where constraints are known.
 *
 * @param byId the constraints and prompt per instruction id
 */
record InputConstraints(Map<String, Constrained> byId) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** An instruction's prompt and constraints. */
  record Constrained(String prompt, VerifiableInstructions instructions) {}

  InputConstraints {
    byId = Map.copyOf(byId);
  }

  /** The constraints of a JSONL input; none for another format or a file that is gone. */
  static InputConstraints read(String input, Configuration conf) {
    Map<String, Constrained> byId = new HashMap<>();
    if (input == null || !(input.endsWith(".jsonl") || input.endsWith(".json"))) {
      return new InputConstraints(byId);
    }
    try {
      Path path = new Path(input);
      FileSystem fs = path.getFileSystem(conf);
      if (!fs.exists(path)) {
        return new InputConstraints(byId);
      }
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(fs.open(path), StandardCharsets.UTF_8))) {
        for (String line = in.readLine(); line != null; line = in.readLine()) {
          parse(line, byId);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the job's input " + input, e);
    }
    return new InputConstraints(byId);
  }

  @SuppressWarnings("unchecked")
  private static void parse(String line, Map<String, Constrained> byId) {
    if (line.isBlank()) {
      return;
    }
    JsonNode row;
    try {
      row = JSON.readTree(line);
    } catch (IOException e) {
      return; // the job recorded this row as INVALID_INPUT
    }
    JsonNode ids = row.path("instruction_id_list");
    String prompt = row.path("prompt").asText("");
    if (!ids.isArray() || ids.isEmpty() || prompt.isEmpty()) {
      return;
    }
    List<String> instructionIds = new ArrayList<>();
    ids.forEach(id -> instructionIds.add(id.asText()));
    List<Map<String, Object>> kwargs = new ArrayList<>();
    JsonNode given = row.path("kwargs");
    for (int i = 0; i < instructionIds.size(); i++) {
      JsonNode k = given.path(i);
      kwargs.add(k.isObject() ? JSON.convertValue(k, Map.class) : Map.of());
    }
    String id =
        row.hasNonNull("id")
            ? row.get("id").asText()
            : row.hasNonNull("key") ? row.get("key").asText() : derivedId(prompt);
    try {
      byId.putIfAbsent(
          id, new Constrained(prompt, new VerifiableInstructions(instructionIds, kwargs)));
    } catch (IllegalArgumentException e) {
      // not parallel lists: the job recorded this row as INVALID_INPUT
    }
  }

  /** The id the job gives a row without one: {@code p-} and 16 hex digits of its SHA-256. */
  static String derivedId(String prompt) {
    return "p-"
        + Hashing.sha256().hashString(prompt, StandardCharsets.UTF_8).toString().substring(0, 16);
  }

  boolean isEmpty() {
    return byId.isEmpty();
  }
}
