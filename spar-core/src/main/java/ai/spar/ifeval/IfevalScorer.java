package ai.spar.ifeval;

import ai.spar.jsonl.JsonlFile;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.google.common.base.Preconditions;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores responses on IFEval prompts: matches each response row to its prompt (by {@code key}, else
 * by exact {@code prompt} text), strips reasoning blocks ({@code <think>...</think>}), runs the
 * strict and loose verifiers and tallies an {@link IfevalReport}. Rows that match no prompt are
 * reported in the report, never silently dropped.
 *
 * <p>Thread-safe once built.
 */
public final class IfevalScorer {
  private static final Logger LOG = LoggerFactory.getLogger(IfevalScorer.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern THINK_BLOCK = Pattern.compile("<think>.*?</think>", Pattern.DOTALL);
  private static final String THINK_END = "</think>";

  /** The default generation budget when generating responses for evaluation. */
  public static final int DEFAULT_MAX_NEW_TOKENS = 1024;

  private final List<IfevalPrompt> prompts;
  private final Map<Long, IfevalPrompt> byKey = new HashMap<>();
  private final Map<String, IfevalPrompt> byText = new HashMap<>();

  /** A scorer over the given prompts (keys and texts should be unique; the first wins). */
  public IfevalScorer(List<IfevalPrompt> prompts) {
    Preconditions.checkArgument(prompts != null && !prompts.isEmpty(), "prompts must not be empty");
    this.prompts = List.copyOf(prompts);
    for (IfevalPrompt p : prompts) {
      byKey.putIfAbsent(p.key(), p);
      byText.putIfAbsent(p.prompt(), p);
    }
  }

  /** The outcome of scoring: one scored response per matched row, and the report. */
  public record Scoring(List<ScoredResponse> scored, IfevalReport report) {
    public Scoring {
      scored = List.copyOf(scored);
      Preconditions.checkArgument(report != null, "report must not be null");
    }
  }

  /**
   * Removes reasoning blocks: every {@code <think>...</think>} and, when a closing tag remains (the
   * opening one was part of the prompt template), everything up to the last {@code </think>};
   * leading whitespace left behind by a removal is dropped.
   */
  public static String stripReasoning(String response) {
    String out = THINK_BLOCK.matcher(response).replaceAll("");
    int end = out.lastIndexOf(THINK_END);
    if (end >= 0) {
      out = out.substring(end + THINK_END.length());
    }
    return out.equals(response) ? response : out.stripLeading();
  }

  /**
   * Scores response rows. Each row is a JSON object's fields; it needs {@code response} and {@code
   * key} or {@code prompt}.
   *
   * @param rows the rows, in order
   * @param source a name for the rows in messages (e.g. the file)
   */
  public Scoring score(List<Map<String, Object>> rows, String source) {
    List<ScoredResponse> scored = new ArrayList<>();
    List<String> unmatched = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      Map<String, Object> row = rows.get(i);
      String where = source + " row " + (i + 1);
      IfevalPrompt prompt = match(row);
      Object response = row.get("response");
      if (prompt == null) {
        unmatched.add(
            where + ": no prompt with key " + row.get("key") + " or the given prompt text");
        continue;
      }
      if (!(response instanceof String text)) {
        unmatched.add(where + ": 'response' must be a string, but was: " + response);
        continue;
      }
      scored.add(score(row, prompt, text));
    }
    if (!unmatched.isEmpty()) {
      LOG.warn(
          "{} of {} response rows matched no prompt, e.g. {}",
          unmatched.size(),
          rows.size(),
          unmatched.get(0));
    }
    return new Scoring(scored, IfevalReport.of(scored, unmatched));
  }

  private static ScoredResponse score(
      Map<String, Object> fields, IfevalPrompt prompt, String response) {
    String text = stripReasoning(response);
    return new ScoredResponse(
        fields,
        prompt,
        IfevalVerifier.strict().verify(prompt.instructions(), prompt.prompt(), text),
        IfevalVerifier.loose().verify(prompt.instructions(), prompt.prompt(), text));
  }

  private IfevalPrompt match(Map<String, Object> row) {
    if (row.get("key") instanceof Number n && byKey.containsKey(n.longValue())) {
      return byKey.get(n.longValue());
    }
    if (row.get("prompt") instanceof String text) {
      return byText.get(text);
    }
    return null;
  }

  /**
   * Generates one response per prompt with {@code model} (a single batched call, each prompt as one
   * user chat turn) and scores them. A failed generation is scored as an empty response and carries
   * {@code generation_error}.
   *
   * @param limit how many prompts to use, from the first (at most all)
   */
  public Scoring generateAndScore(LanguageModel model, SamplingParams sampling, int limit) {
    Preconditions.checkArgument(model != null, "model must not be null");
    Preconditions.checkArgument(
        sampling != null && sampling.n() == 1, "sampling must ask for n = 1");
    Preconditions.checkArgument(limit >= 1, "limit must be >= 1, but was: %s", limit);
    List<IfevalPrompt> used = prompts.subList(0, Math.min(limit, prompts.size()));
    List<GenerationRequest> requests = new ArrayList<>(used.size());
    used.forEach(p -> requests.add(new GenerationRequest(Prompt.user(p.prompt()), sampling)));
    List<GenerationResult> results = model.generate(requests);
    Preconditions.checkState(
        results.size() == used.size(),
        "model returned %s results for %s requests",
        results.size(),
        used.size());
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < used.size(); i++) {
      GenerationResult r = results.get(i);
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("key", used.get(i).key());
      row.put("prompt", used.get(i).prompt());
      row.put(
          "response", r.isOk() && !r.completions().isEmpty() ? r.completions().get(0).text() : "");
      r.error().ifPresent(e -> row.put("generation_error", e));
      row.put("model", model.info().id());
      row.put("weights_hash", model.info().weightsHash());
      rows.add(row);
    }
    return score(rows, "generated");
  }

  /** Reads response rows from a JSONL file (strict UTF-8, LF lines; blank lines skipped). */
  public static List<Map<String, Object>> readRows(Path file) {
    return readResponses(file).stream().map(ResponseRow::fields).toList();
  }

  /**
   * A response row of a file.
   *
   * @param line its 1-based line number
   * @param fields the JSON object's fields
   */
  public record ResponseRow(int line, Map<String, Object> fields) {}

  /**
   * Reads response rows from a JSONL file with their line numbers.
   *
   * @throws IllegalArgumentException naming the file and line of a line that is not a JSON object
   *     or not UTF-8
   */
  public static List<ResponseRow> readResponses(Path file) {
    List<ResponseRow> rows = new ArrayList<>();
    for (JsonlFile.Line line : JsonlFile.read(file)) {
      if (line.isBlank()) {
        continue;
      }
      try {
        rows.add(
            new ResponseRow(
                line.number(),
                JSON.readValue(
                    line.text(), new TypeReference<LinkedHashMap<String, Object>>() {})));
      } catch (IOException e) {
        throw new IllegalArgumentException(
            file + ":" + line.number() + ": not a JSON object: " + e.getMessage(), e);
      }
    }
    return rows;
  }

  /** What to do with a second response to the same prompt. */
  public enum Duplicates {
    /** Refuse the file, naming the key and both lines. */
    REFUSE,
    /** Score the first response of each prompt and report the others. */
    FIRST
  }

  /**
   * The scoring of a responses file.
   *
   * @param scoring the scored rows and the report
   * @param duplicates one line per response dropped as a duplicate (with {@link Duplicates#FIRST})
   */
  public record FileScoring(Scoring scoring, List<String> duplicates) {
    public FileScoring {
      duplicates = List.copyOf(duplicates);
    }
  }

  /**
   * Scores a responses file; every prompt is scored at most once.
   *
   * @throws IllegalArgumentException with {@link Duplicates#REFUSE}, when two rows answer the same
   *     prompt (the message names the key and both line numbers)
   */
  public FileScoring scoreFile(Path file, Duplicates duplicates) {
    List<ResponseRow> rows = readResponses(file);
    Map<Long, Integer> firstLine = new LinkedHashMap<>();
    List<Map<String, Object>> kept = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (ResponseRow row : rows) {
      IfevalPrompt prompt = match(row.fields());
      if (prompt != null) {
        Integer first = firstLine.putIfAbsent(prompt.key(), row.line());
        if (first != null) {
          String message =
              file
                  + ": key "
                  + prompt.key()
                  + " appears twice, at lines "
                  + first
                  + " and "
                  + row.line();
          if (duplicates == Duplicates.REFUSE) {
            throw new IllegalArgumentException(
                message
                    + " (each prompt is scored once); remove one, or pass --dedupe first to keep"
                    + " the first and report the rest");
          }
          dropped.add(message + ": line " + row.line() + " dropped");
          continue;
        }
      }
      kept.add(row.fields());
    }
    if (!dropped.isEmpty()) {
      LOG.warn("{} duplicate responses dropped, e.g. {}", dropped.size(), dropped.get(0));
    }
    return new FileScoring(score(kept, file.toString()), dropped);
  }

  /**
   * Writes one JSONL row per scored response to {@code output}, and the report as JSON to {@link
   * #reportPath}.
   */
  public static void write(Scoring scoring, Path output) {
    try {
      Path parent = output.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (BufferedWriter w = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        for (ScoredResponse r : scoring.scored()) {
          w.write(JSON.writeValueAsString(r.toRow()));
          w.write('\n');
        }
      }
      JSON.copy()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .writeValue(reportPath(output).toFile(), scoring.report().toJson());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write IFEval scores to " + output, e);
    }
  }

  /**
   * Where the report of {@code output} goes: beside it, {@code scores.jsonl} giving {@code
   * scores.summary.json}.
   */
  public static Path reportPath(Path output) {
    String name = output.getFileName().toString();
    String stem =
        name.endsWith(".jsonl") ? name.substring(0, name.length() - ".jsonl".length()) : name;
    return output.resolveSibling(stem + ".summary.json");
  }
}
