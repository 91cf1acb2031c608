package ai.spar.spark;

import java.util.Locale;
import java.util.Map;

/** The human-readable end-of-run summary printed by {@code generate}. */
final class Summary {
  private Summary() {}

  static String of(RunManifest m) {
    StringBuilder out = new StringBuilder();
    out.append(
        String.format(
            Locale.ROOT,
            "SPaR iteration %d: %d instructions -> %d actor pairs (%s)%n",
            m.iteration(),
            m.inputRows(),
            m.pairs(),
            m.output()));
    out.append("  outcomes: ");
    m.outcomes()
        .forEach(
            (k, v) -> out.append(k.toLowerCase(Locale.ROOT)).append('=').append(v).append(' '));
    out.append(String.format(Locale.ROOT, "%n  tables:   "));
    m.tables().forEach((k, v) -> out.append(k).append('=').append(v).append(' '));
    long seconds = Math.max(1, m.timingsMillis().getOrDefault("total", 0L) / 1000);
    out.append(
        String.format(
            Locale.ROOT,
            "%n  model:    %d rounds, %d calls, %.1f requests/call, %d tokens generated (%.1f tokens/s"
                + " over the run)%n",
            m.rounds(),
            m.modelCalls(),
            m.modelCalls() == 0 ? 0.0 : (double) m.requests() / m.modelCalls(),
            m.generatedTokens(),
            (double) m.generatedTokens() / seconds));
    out.append("  timings (ms): ");
    for (Map.Entry<String, Long> e : m.timingsMillis().entrySet()) {
      out.append(e.getKey()).append('=').append(e.getValue()).append(' ');
    }
    if (!m.resumedChunks().isEmpty()) {
      out.append(String.format(Locale.ROOT, "%n  resumed chunks: %s", m.resumedChunks()));
    }
    return out.toString();
  }
}
