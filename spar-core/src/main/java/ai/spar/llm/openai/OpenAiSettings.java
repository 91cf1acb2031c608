package ai.spar.llm.openai;

import com.google.common.base.Preconditions;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to reach OpenAI-compatible servers.
 *
 * @param endpoints base URLs ending in {@code /v1} (e.g. {@code http://gpu-1:8000/v1}), at least
 *     one; requests spread over them
 * @param model the served model's name; empty means the first one {@code /v1/models} lists
 * @param apiKey the bearer token, if the servers need one (never logged or recorded)
 * @param maxConcurrency most requests in flight per endpoint, {@code >= 1}
 * @param maxAttempts tries per request before its result is an error, {@code >= 1}
 * @param timeout per HTTP request
 * @param backoff first retry delay; doubles per attempt, with jitter in [0.5, 1.5)
 * @param unhealthyFor how long an endpoint that failed is skipped (unless every endpoint failed)
 */
public record OpenAiSettings(
    List<URI> endpoints,
    String model,
    Optional<String> apiKey,
    int maxConcurrency,
    int maxAttempts,
    Duration timeout,
    Duration backoff,
    Duration unhealthyFor) {
  public static final int DEFAULT_MAX_CONCURRENCY = 64;
  public static final int DEFAULT_MAX_ATTEMPTS = 5;
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
  public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(500);
  public static final Duration DEFAULT_UNHEALTHY_FOR = Duration.ofSeconds(30);

  public OpenAiSettings {
    Preconditions.checkArgument(
        endpoints != null && !endpoints.isEmpty(), "endpoints must name at least one server");
    endpoints = endpoints.stream().map(OpenAiSettings::base).toList();
    model = model == null ? "" : model.strip();
    apiKey = apiKey == null ? Optional.empty() : apiKey;
    Preconditions.checkArgument(
        maxConcurrency >= 1, "maxConcurrency must be >= 1, but was: %s", maxConcurrency);
    Preconditions.checkArgument(
        maxAttempts >= 1, "maxAttempts must be >= 1, but was: %s", maxAttempts);
    Preconditions.checkArgument(
        timeout != null && !timeout.isNegative() && !timeout.isZero(),
        "timeout must be positive, but was: %s",
        timeout);
    Preconditions.checkArgument(
        backoff != null && !backoff.isNegative(), "backoff must be >= 0, but was: %s", backoff);
    Preconditions.checkArgument(
        unhealthyFor != null && !unhealthyFor.isNegative(),
        "unhealthyFor must be >= 0, but was: %s",
        unhealthyFor);
  }

  /** Defaults for the given endpoints. */
  public static OpenAiSettings of(List<URI> endpoints) {
    return new OpenAiSettings(
        endpoints,
        "",
        Optional.empty(),
        DEFAULT_MAX_CONCURRENCY,
        DEFAULT_MAX_ATTEMPTS,
        DEFAULT_TIMEOUT,
        DEFAULT_BACKOFF,
        DEFAULT_UNHEALTHY_FOR);
  }

  public OpenAiSettings withApiKey(Optional<String> key) {
    return new OpenAiSettings(
        endpoints, model, key, maxConcurrency, maxAttempts, timeout, backoff, unhealthyFor);
  }

  public OpenAiSettings withRetries(int attempts, Duration firstBackoff, Duration requestTimeout) {
    return new OpenAiSettings(
        endpoints,
        model,
        apiKey,
        maxConcurrency,
        attempts,
        requestTimeout,
        firstBackoff,
        unhealthyFor);
  }

  public OpenAiSettings withMaxConcurrency(int perEndpoint) {
    return new OpenAiSettings(
        endpoints, model, apiKey, perEndpoint, maxAttempts, timeout, backoff, unhealthyFor);
  }

  public OpenAiSettings withModel(String name) {
    return new OpenAiSettings(
        endpoints, name, apiKey, maxConcurrency, maxAttempts, timeout, backoff, unhealthyFor);
  }

  /** Hides the key: settings end up in logs and exception messages. */
  @Override
  public String toString() {
    return "OpenAiSettings[endpoints="
        + endpoints
        + ", model="
        + model
        + ", apiKey="
        + (apiKey.isPresent() ? "<set>" : "<none>")
        + ", maxConcurrency="
        + maxConcurrency
        + ", maxAttempts="
        + maxAttempts
        + ", timeout="
        + timeout
        + "]";
  }

  private static URI base(URI uri) {
    Preconditions.checkArgument(
        uri != null && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())),
        "endpoints must be http(s) URLs such as http://host:8000/v1, but one was: %s",
        uri);
    String s = uri.toString();
    return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
  }
}
