package ai.spar.serve;

import ai.spar.llm.GenerationRequest;
import ai.spar.llm.Prompt;
import ai.spar.llm.SamplingParams;
import ai.spar.llm.chat.ChatMessage;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A parsed {@code /v1/completions} or {@code /v1/chat/completions} body: one generation request per
 * prompt (a completions body may hold several prompts; choice {@code p * n + i} is sample {@code i}
 * of prompt {@code p}), and whether to stream.
 *
 * @param model the {@code model} field, empty when absent
 */
record OpenAiRequest(String model, List<GenerationRequest> requests, int n, boolean stream) {
  static final int DEFAULT_COMPLETION_MAX_TOKENS = 16;

  OpenAiRequest {
    requests = List.copyOf(requests);
  }

  /** A request the server refuses, with the OpenAI error's {@code param}. */
  static final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String param;

    Invalid(String param, String message) {
      super(message);
      this.param = param;
    }
  }

  static OpenAiRequest completions(JsonNode body) {
    JsonNode prompt = required(body, "prompt");
    if (!body.path("logprobs").isMissingNode() && !body.path("logprobs").isNull()) {
      throw new Invalid(
          "logprobs",
          "logprobs of generated tokens are not supported by spar serve; to score a prompt send"
              + " echo: true, logprobs and max_tokens: 0");
    }
    return build(body, prompts(prompt), DEFAULT_COMPLETION_MAX_TOKENS);
  }

  /**
   * A {@code /v1/completions} body with {@code echo: true}: the scoring of its prompts' own tokens
   * (each prompt's choice echoes it with the log-probability of every token), as vLLM answers
   * {@code echo} with {@code logprobs} and {@code max_tokens: 0}.
   *
   * @param model the {@code model} field, empty when absent
   * @param topLogProbs most likely alternatives per position ({@code logprobs}), in [0, {@link
   *     #MAX_LOGPROBS}]
   */
  record Echo(String model, List<Prompt> prompts, int topLogProbs) {
    Echo {
      prompts = List.copyOf(prompts);
    }
  }

  /** The most alternatives per position a scoring request may ask for (vLLM's default limit). */
  static final int MAX_LOGPROBS = 20;

  static boolean isEcho(JsonNode body) {
    return body.path("echo").asBoolean(false);
  }

  static Echo echo(JsonNode body) {
    List<Prompt> prompts = prompts(required(body, "prompt"));
    JsonNode logprobs = body.get("logprobs");
    if (logprobs == null || logprobs.isNull()) {
      throw new Invalid(
          "echo",
          "echo is supported only for scoring a prompt: send it with logprobs and max_tokens: 0");
    }
    int top = integer(body, "logprobs", 0);
    if (top < 0 || top > MAX_LOGPROBS) {
      throw new Invalid(
          "logprobs", "logprobs must be in [0, " + MAX_LOGPROBS + "], but was: " + top);
    }
    int maxTokens = integer(body, "max_tokens", DEFAULT_COMPLETION_MAX_TOKENS);
    if (maxTokens != 0) {
      throw new Invalid(
          "max_tokens",
          "echo with generation is not supported by spar serve: send max_tokens: 0 to score the"
              + " prompt, but max_tokens was: "
              + maxTokens);
    }
    if (integer(body, "n", 1) != 1) {
      throw new Invalid("n", "n must be 1 when scoring a prompt with echo");
    }
    if (body.path("stream").asBoolean(false)) {
      throw new Invalid("stream", "stream is not supported when scoring a prompt with echo");
    }
    return new Echo(body.path("model").asText(""), prompts, top);
  }

  private static List<Prompt> prompts(JsonNode prompt) {
    List<Prompt> prompts = new ArrayList<>();
    if (prompt.isTextual()) {
      prompts.add(Prompt.text(prompt.asText()));
    } else if (prompt.isArray() && prompt.size() > 0 && prompt.get(0).isNumber()) {
      prompts.add(new Prompt.Tokens(ids(prompt)));
    } else if (prompt.isArray() && prompt.size() > 0) {
      for (JsonNode p : prompt) {
        if (p.isTextual()) {
          prompts.add(Prompt.text(p.asText()));
        } else if (p.isArray() && p.size() > 0) {
          prompts.add(new Prompt.Tokens(ids(p)));
        } else {
          throw new Invalid("prompt", "prompt must be a string, a list of strings or token ids");
        }
      }
    } else {
      throw new Invalid("prompt", "prompt must be a string, a list of strings or token ids");
    }
    return prompts;
  }

  static OpenAiRequest chat(JsonNode body) {
    JsonNode messages = required(body, "messages");
    if (!messages.isArray() || messages.isEmpty()) {
      throw new Invalid("messages", "messages must be a non-empty list");
    }
    if (body.path("logprobs").asBoolean(false)) {
      throw new Invalid("logprobs", "logprobs is not supported by spar serve");
    }
    List<ChatMessage> chat = new ArrayList<>();
    for (JsonNode m : messages) {
      String role = m.path("role").asText("");
      if (role.isBlank()) {
        throw new Invalid("messages", "every message needs a role");
      }
      chat.add(new ChatMessage(role, content(m.path("content"))));
    }
    return build(body, List.of(Prompt.chat(chat)), SamplingParams.DEFAULT_MAX_NEW_TOKENS);
  }

  private static String content(JsonNode content) {
    if (content.isTextual()) {
      return content.asText();
    }
    if (content.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode part : content) {
        if (!"text".equals(part.path("type").asText())) {
          throw new Invalid("messages", "only text content parts are supported");
        }
        text.append(part.path("text").asText());
      }
      return text.toString();
    }
    if (content.isNull() || content.isMissingNode()) {
      return "";
    }
    throw new Invalid("messages", "message content must be a string or a list of text parts");
  }

  private static OpenAiRequest build(JsonNode body, List<Prompt> prompts, int defaultMaxTokens) {
    int maxTokens =
        integer(
            body,
            body.has("max_completion_tokens") ? "max_completion_tokens" : "max_tokens",
            defaultMaxTokens);
    int n = integer(body, "n", 1);
    double temperature = number(body, "temperature", SamplingParams.DEFAULT_TEMPERATURE);
    double topP = number(body, "top_p", SamplingParams.DEFAULT_TOP_P);
    int topK = integer(body, "top_k", SamplingParams.DEFAULT_TOP_K);
    if (topK < 0) {
      topK = 0; // vLLM's -1: no top-k
    }
    long seed =
        body.hasNonNull("seed")
            ? body.get("seed").asLong()
            : ThreadLocalRandom.current().nextLong();
    List<String> stop = new ArrayList<>();
    JsonNode stopNode = body.path("stop");
    if (stopNode.isTextual()) {
      stop.add(stopNode.asText());
    } else if (stopNode.isArray()) {
      stopNode.forEach(s -> stop.add(s.asText()));
    }
    SamplingParams sampling;
    try {
      sampling = new SamplingParams(temperature, topP, topK, maxTokens, n, stop, seed);
    } catch (IllegalArgumentException e) {
      throw new Invalid(null, e.getMessage());
    }
    List<GenerationRequest> requests = new ArrayList<>();
    for (Prompt p : prompts) {
      requests.add(new GenerationRequest(p, sampling));
    }
    return new OpenAiRequest(
        body.path("model").asText(""), requests, n, body.path("stream").asBoolean(false));
  }

  private static JsonNode required(JsonNode body, String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      throw new Invalid(field, "'" + field + "' is required");
    }
    return node;
  }

  private static int integer(JsonNode body, String field, int fallback) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.canConvertToInt()) {
      throw new Invalid(field, field + " must be an integer, but was: " + node);
    }
    return node.asInt();
  }

  private static double number(JsonNode body, String field, double fallback) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isNumber()) {
      throw new Invalid(field, field + " must be a number, but was: " + node);
    }
    return node.asDouble();
  }

  private static List<Integer> ids(JsonNode array) {
    List<Integer> ids = new ArrayList<>();
    for (JsonNode id : array) {
      if (!id.canConvertToInt()) {
        throw new Invalid("prompt", "token ids must be integers, but one was: " + id);
      }
      ids.add(id.asInt());
    }
    return ids;
  }
}
