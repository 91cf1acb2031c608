package ai.spar.loop;

import com.google.common.base.Preconditions;
import java.util.List;

/**
 * The preference pairs of one iteration, as DPO reads them.
 *
 * @param tables parquet tables of {@code instruction_id, prompt, chosen, rejected} rows
 * @param count pairs in all; 0 skips the actor's training ({@code M_{t+1} = M_t})
 */
public record PreferencePairs(List<String> tables, long count) {
  public PreferencePairs {
    tables = List.copyOf(tables);
    Preconditions.checkArgument(count >= 0, "count must be >= 0, but was: %s", count);
  }
}
