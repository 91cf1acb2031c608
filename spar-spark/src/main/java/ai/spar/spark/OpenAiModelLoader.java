package ai.spar.spark;

import ai.spar.config.ModelConfig;
import ai.spar.llm.LanguageModel;
import ai.spar.llm.openai.OpenAiCompletionsModel;
import ai.spar.llm.openai.OpenAiSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Connects to OpenAI-compatible servers ({@code model.backend: openai}): the key's {@code uri} is
 * the served model's name. The API key is read on the executor from the configured environment
 * variable or file, so it never travels with the task.
 */
public record OpenAiModelLoader(
    List<String> endpoints,
    String apiKeyEnv,
    String apiKeyFile,
    int maxConcurrency,
    int maxAttempts,
    int timeoutSeconds)
    implements ModelLoader {

  public OpenAiModelLoader {
    endpoints = List.copyOf(endpoints);
  }

  /** The loader of a model section with the openai backend. */
  public static OpenAiModelLoader of(ModelConfig model) {
    return new OpenAiModelLoader(
        model.endpoints(),
        model.apiKeyEnv(),
        model.apiKeyFile(),
        model.maxConcurrency(),
        model.maxAttempts(),
        model.timeoutSeconds());
  }

  @Override
  public LanguageModel load(ModelKey key) {
    OpenAiSettings settings =
        OpenAiSettings.of(endpoints.stream().map(URI::create).toList())
            .withModel(key.uri())
            .withApiKey(apiKey())
            .withMaxConcurrency(maxConcurrency)
            .withRetries(
                maxAttempts, OpenAiSettings.DEFAULT_BACKOFF, Duration.ofSeconds(timeoutSeconds));
    return OpenAiCompletionsModel.connect(settings);
  }

  private Optional<String> apiKey() {
    if (!apiKeyEnv.isEmpty()) {
      String value = System.getenv(apiKeyEnv);
      if (value == null || value.isBlank()) {
        throw new IllegalStateException(
            "model.api_key_env names "
                + apiKeyEnv
                + ", which is not set in this JVM's environment");
      }
      return Optional.of(value.strip());
    }
    if (!apiKeyFile.isEmpty()) {
      try {
        List<String> lines = Files.readAllLines(Path.of(apiKeyFile), StandardCharsets.UTF_8);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
          throw new IllegalStateException("model.api_key_file " + apiKeyFile + " is empty");
        }
        return Optional.of(lines.get(0).strip());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read model.api_key_file " + apiKeyFile, e);
      }
    }
    return Optional.empty();
  }
}
