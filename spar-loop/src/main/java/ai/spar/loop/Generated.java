package ai.spar.loop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the generate step committed: the Spark job's published tables of iteration t.
 *
 * @param data the published iteration, {@code <output>/iteration=t}: its tables lie under it
 * @param outcomes outcome counts by kind ({@code PAIR_FOUND}, {@code ALL_PASSED}, ...)
 * @param tables row counts by table name ({@code actor_pairs}, {@code refiner_sft}, ...)
 * @param generatedTokens tokens the models generated
 */
public record Generated(
    String data, Map<String, Long> outcomes, Map<String, Long> tables, long generatedTokens) {
  public Generated {
    outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
    tables = Collections.unmodifiableMap(new LinkedHashMap<>(tables));
  }

  /** Rows of a published table; 0 when the job wrote none. */
  public long rows(String table) {
    return tables.getOrDefault(table, 0L);
  }
}
