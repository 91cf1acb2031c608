package ai.spar.trainer.tokens;

import com.google.common.base.Preconditions;
import java.util.Arrays;

/**
 * Token ids with a target mask: {@code targets[p]} says whether token {@code p} is predicted in the
 * loss (from the logits at position {@code p - 1}); position 0 is never a target. The arrays are
 * not copied: treat them as immutable.
 *
 * @param ids token ids
 * @param targets one flag per id
 */
public record TokenizedSequence(int[] ids, boolean[] targets) {
  public TokenizedSequence {
    Preconditions.checkArgument(ids != null && targets != null, "ids and targets must not be null");
    Preconditions.checkArgument(
        ids.length == targets.length,
        "targets must have one flag per id (%s), but had: %s",
        ids.length,
        targets.length);
    Preconditions.checkArgument(ids.length == 0 || !targets[0], "position 0 cannot be a target");
  }

  public int length() {
    return ids.length;
  }

  /** The number of target tokens. */
  public int targetCount() {
    int n = 0;
    for (boolean t : targets) {
      n += t ? 1 : 0;
    }
    return n;
  }

  /** The first {@code n} tokens. */
  public TokenizedSequence truncate(int n) {
    return new TokenizedSequence(Arrays.copyOf(ids, n), Arrays.copyOf(targets, n));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TokenizedSequence s
        && Arrays.equals(ids, s.ids)
        && Arrays.equals(targets, s.targets);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ids) + Arrays.hashCode(targets);
  }

  @Override
  public String toString() {
    return "TokenizedSequence[length=" + ids.length + ", targets=" + targetCount() + "]";
  }
}
