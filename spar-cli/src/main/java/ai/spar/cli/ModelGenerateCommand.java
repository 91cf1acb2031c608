package ai.spar.cli;

import ai.spar.llm.Completion;
import ai.spar.llm.GenerationRequest;
import ai.spar.llm.GenerationResult;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.llama.DjlLlamaModel;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code spar model generate}: completions of one prompt as JSON lines. */
@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = "Generate completions; prints one JSON line per completion.")
public final class ModelGenerateCommand implements Callable<Integer> {
  @Mixin ModelOptions modelOptions = new ModelOptions();

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  static final class Input {
    @Option(names = "--prompt", description = "prompt text")
    String prompt;

    @Option(names = "--ids", converter = IdList.class, description = "prompt token ids, e.g. 1,2,3")
    List<Integer> ids;
  }

  @Option(
      names = "--chat",
      description = "render --prompt as a user turn with the model's chat template")
  boolean chat;

  @Option(
      names = "--max-new-tokens",
      defaultValue = "64",
      description = "default: ${DEFAULT-VALUE}")
  int maxNewTokens;

  @Option(names = "--temperature", defaultValue = "1.0", description = "default: ${DEFAULT-VALUE}")
  double temperature;

  @Option(names = "--top-p", defaultValue = "1.0", description = "default: ${DEFAULT-VALUE}")
  double topP;

  @Option(
      names = "--top-k",
      defaultValue = "0",
      description = "0 disables (default: ${DEFAULT-VALUE})")
  int topK;

  @Option(
      names = "--n",
      defaultValue = "1",
      description = "completions (default: ${DEFAULT-VALUE})")
  int n;

  @Option(names = "--seed", defaultValue = "0", description = "default: ${DEFAULT-VALUE}")
  long seed;

  @Option(names = "--greedy", description = "argmax decoding (temperature 0)")
  boolean greedy;

  @Override
  public Integer call() throws Exception {
    Prompt prompt =
        input.ids != null
            ? new Prompt.Tokens(input.ids)
            : chat ? Prompt.user(input.prompt) : Prompt.text(input.prompt);
    SamplingParams sampling =
        new SamplingParams(greedy ? 0 : temperature, topP, topK, maxNewTokens, n, List.of(), seed);
    ObjectMapper json = new ObjectMapper();
    try (DjlLlamaModel m = modelOptions.load()) {
      GenerationResult result = m.generate(List.of(new GenerationRequest(prompt, sampling))).get(0);
      if (!result.isOk()) {
        System.err.println(result.error().orElseThrow());
        return 1;
      }
      for (int i = 0; i < result.completions().size(); i++) {
        Completion c = result.completions().get(i);
        ObjectNode line = json.createObjectNode();
        line.put("index", i);
        line.put("text", c.text());
        c.tokenIds().forEach(line.putArray("ids")::add);
        line.put("finish_reason", c.finishReason().name().toLowerCase(java.util.Locale.ROOT));
        line.put("logprob", c.logProb());
        line.put("prompt_tokens", result.promptTokens());
        System.out.println(json.writeValueAsString(line));
      }
    }
    return 0;
  }
}
