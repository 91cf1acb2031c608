package ai.spar.cli;

import ai.spar.config.SeedDeriver;
import ai.spar.config.SparConfig;
import ai.spar.jsonl.JsonlFile;
import ai.spar.llm.Completion;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.llama.DjlLlamaModel;
import ai.spar.selfplay.InferenceAnswer;
import ai.spar.selfplay.InferenceTreeSearch;
import ai.spar.selfplay.Instruction;
import ai.spar.spark.InputParser;
import ai.spar.spark.InputRow;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code spar answer}: answers a JSONL file of prompts with a model, one output line per input row
 * in input order, directly or through inference-time tree search. A row that cannot be answered
 * (bad JSON, no prompt, unknown verifiable instruction, a generation error) gets an output line
 * with its row number and the {@code error}, and is reported; exit code 2 when any row failed.
 */
@Command(
    name = "answer",
    mixinStandardHelpOptions = true,
    description = {
      "Answer prompts (JSONL rows with 'prompt', optional 'id'/'key' carried through, optional"
          + " 'instruction_id_list'/'kwargs' for rule judges).",
      "Writes one JSON line per row: row, id/key, prompt, response (greedy by default), and"
          + " with --tree-search how it was found (source, judge_value, depth, tree_nodes); rows"
          + " that fail carry 'error'. The output is a valid --responses file for `spar eval"
          + " ifeval`."
    })
public final class AnswerCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Mixin ModelOptions modelOptions = new ModelOptions();

  @Mixin EngineOptions engineOptions = new EngineOptions();

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "prompts JSONL")
  Path input;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "answers JSONL")
  Path output;

  @Mixin AnswerOptions answerOptions = new AnswerOptions();

  @Option(
      names = "--seed",
      paramLabel = "S",
      description =
          "seed each sampled answer derives from with the row's id (default: the configuration's"
              + " seed, "
              + SparConfig.DEFAULT_SEED
              + " unless configured)")
  Long seed;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** A parsed input row: where it was, what it carries through, and the instruction or error. */
  record Row(long number, ObjectNode carried, Instruction instruction, String error) {}

  @Override
  public Integer call() {
    SamplingParams sampling = answerOptions.sampling(0);
    SparConfig config = engineOptions.load();
    if (seed != null) {
      config = config.withSeed(seed);
    }
    List<Row> rows = readRows(input);
    List<Row> valid = rows.stream().filter(r -> r.error() == null).toList();
    List<ObjectNode> lines = new ArrayList<>(rows.size());
    try (DjlLlamaModel model = modelOptions.load()) {
      List<ObjectNode> answered =
          answerOptions.treeSearch()
              ? searched(valid, engineOptions.stages(config).treeSearch(model, model), sampling)
              : generated(valid, model, sampling, new SeedDeriver(config.seed()));
      int next = 0;
      for (Row row : rows) {
        ObjectNode line = row.error() == null ? answered.get(next++) : row.carried().deepCopy();
        if (row.error() != null) {
          line.put("error", row.error());
        }
        line.put("model", model.info().id());
        line.put("weights_hash", model.info().weightsHash());
        lines.add(line);
      }
    }
    write(lines, output);
    List<String> errors =
        lines.stream().filter(l -> l.has("error")).map(l -> l.get("error").asText()).toList();
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "answered %d of %d rows%s; output: %s%n",
        rows.size() - errors.size(),
        rows.size(),
        answerOptions.treeSearch() ? " with tree search" : "",
        output);
    errors.forEach(e -> out.println("  failed: " + e));
    out.flush();
    return errors.isEmpty() ? 0 : 2;
  }

  /** Parses every non-blank line; a row that cannot be used keeps its number and the reason. */
  static List<Row> readRows(Path file) {
    List<Row> rows = new ArrayList<>();
    for (JsonlFile.Line line : JsonlFile.read(file)) {
      if (!line.isBlank()) {
        rows.add(parse(line.number(), line.text()));
      }
    }
    return rows;
  }

  static Row parse(long number, String text) {
    InputRow parsed = InputParser.parse(number, text);
    ObjectNode carried = JSON.createObjectNode();
    carried.put("row", number);
    JsonNode node = null;
    try {
      node = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // InputParser has reported it.
    }
    boolean hasId = false;
    if (node != null && node.isObject()) {
      for (String field : List.of("id", "key")) {
        if (node.hasNonNull(field)) {
          carried.set(field, node.get(field));
          hasId = true;
        }
      }
    }
    if (!parsed.isValid()) {
      return new Row(number, carried, null, parsed.error());
    }
    if (!hasId) {
      carried.put("id", parsed.id());
    }
    carried.put("prompt", parsed.instruction().prompt());
    return new Row(number, carried, parsed.instruction(), null);
  }

  /** One batched call; each sampled answer's seed derives from the job seed and the row's id. */
  private static List<ObjectNode> generated(
      List<Row> rows, DjlLlamaModel model, SamplingParams sampling, SeedDeriver seeds) {
    List<GenerationRequest> requests = new ArrayList<>(rows.size());
    for (Row row : rows) {
      Instruction instruction = row.instruction();
      SamplingParams own =
          sampling.isGreedy()
              ? sampling
              : sampling.withSeed(seeds.derive(instruction.id(), SeedDeriver.ACTOR, 0));
      requests.add(new GenerationRequest(Prompt.user(instruction.prompt()), own));
    }
    List<GenerationResult> results = rows.isEmpty() ? List.of() : model.generate(requests);
    List<ObjectNode> lines = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      ObjectNode line = rows.get(i).carried().deepCopy();
      GenerationResult result = results.get(i);
      if (result.isOk()) {
        Completion completion = result.completions().get(0);
        line.put("response", completion.text());
        line.put("finish_reason", completion.finishReason().name().toLowerCase(Locale.ROOT));
        line.put("completion_tokens", completion.completionTokens());
      } else {
        line.put("error", "row " + rows.get(i).number() + ": " + result.error().orElseThrow());
      }
      lines.add(line);
    }
    return lines;
  }

  private static List<ObjectNode> searched(
      List<Row> rows, InferenceTreeSearch search, SamplingParams sampling) {
    List<InferenceAnswer> answers =
        rows.isEmpty()
            ? List.of()
            : search.answer(rows.stream().map(Row::instruction).toList(), sampling);
    List<ObjectNode> lines = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      ObjectNode line = rows.get(i).carried().deepCopy();
      InferenceAnswer answer = answers.get(i);
      if (answer.isOk()) {
        line.put("response", answer.response());
        line.put("source", answer.source());
        line.put("judge_value", answer.value());
        line.put("depth", answer.depth());
        line.put("tree_nodes", answer.treeNodes());
      } else {
        line.put("error", "row " + rows.get(i).number() + ": " + answer.error());
      }
      lines.add(line);
    }
    return lines;
  }

  private static void write(List<ObjectNode> lines, Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        for (ObjectNode line : lines) {
          w.write(JSON.writeValueAsString(line));
          w.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write answers to " + file, e);
    }
  }
}
