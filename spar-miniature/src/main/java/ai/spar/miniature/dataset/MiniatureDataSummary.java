package ai.spar.miniature.dataset;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@link MiniatureDataset#write} produced.
 *
 * @param config the configuration written
 * @param rowsByKind SFT rows per kind label
 * @param vocabSize the tokenizer's id count
 * @param parameterCount parameters of the initial checkpoint
 * @param tokenLengths per kind label: full-chat token counts (prompt turns and completion through
 *     the chat template) as {@code p50}, {@code p95} and {@code max}
 * @param overContext SFT rows longer than the model's context
 * @param millis wall time per stage ({@code synthesis}, {@code mixture}, {@code tokenizer}, {@code
 *     checkpoint}, {@code files})
 */
public record MiniatureDataSummary(
    MiniatureDataConfig config,
    Map<String, Integer> rowsByKind,
    int vocabSize,
    long parameterCount,
    Map<String, Map<String, Integer>> tokenLengths,
    int overContext,
    Map<String, Long> millis) {
  public MiniatureDataSummary {
    rowsByKind = Collections.unmodifiableMap(new TreeMap<>(rowsByKind));
    tokenLengths = Collections.unmodifiableMap(new TreeMap<>(tokenLengths));
    millis = Collections.unmodifiableMap(new LinkedHashMap<>(millis));
  }
}
