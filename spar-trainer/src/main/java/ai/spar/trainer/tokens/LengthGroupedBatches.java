package ai.spar.trainer.tokens;

import com.google.common.base.Preconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Plans the micro-batches of one epoch so that padding stays small but the order stays random: the
 * examples are shuffled with a generator seeded by (seed, epoch), cut into groups of {@value
 * #GROUP_BATCHES} batches, each group is sorted by length (longest first) and split into batches,
 * and the batch order is shuffled again. The plan depends on nothing but the lengths, the batch
 * size, the seed and the epoch, so a resumed run replays it exactly.
 */
public final class LengthGroupedBatches {
  /** Batches per length-sorted group. */
  public static final int GROUP_BATCHES = 16;

  private LengthGroupedBatches() {}

  /**
   * @param lengths the padded width each example needs
   * @param batchSize examples per micro-batch (the last batch of a group may be smaller)
   * @return batches of example indices
   */
  public static List<int[]> plan(int[] lengths, int batchSize, long seed, int epoch) {
    Preconditions.checkArgument(batchSize >= 1, "batchSize must be >= 1, but was: %s", batchSize);
    Preconditions.checkArgument(epoch >= 0, "epoch must be >= 0, but was: %s", epoch);
    Random rng = new Random(seed * 1_000_003L + epoch);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < lengths.length; i++) {
      order.add(i);
    }
    Collections.shuffle(order, rng);
    int group = batchSize * GROUP_BATCHES;
    List<int[]> batches = new ArrayList<>();
    for (int start = 0; start < order.size(); start += group) {
      List<Integer> chunk =
          new ArrayList<>(order.subList(start, Math.min(order.size(), start + group)));
      chunk.sort(Comparator.comparingInt((Integer i) -> -lengths[i]));
      for (int b = 0; b < chunk.size(); b += batchSize) {
        batches.add(
            chunk.subList(b, Math.min(chunk.size(), b + batchSize)).stream()
                .mapToInt(Integer::intValue)
                .toArray());
      }
    }
    Collections.shuffle(batches, rng);
    return batches;
  }

  /** Padded tokens of a plan divided by real tokens (1.0 means no padding). */
  public static double paddingFactor(int[] lengths, List<int[]> batches) {
    long real = Arrays.stream(lengths).asLongStream().sum();
    long padded = 0;
    for (int[] batch : batches) {
      int width = 0;
      for (int i : batch) {
        width = Math.max(width, lengths[i]);
      }
      padded += (long) width * batch.length;
    }
    return real == 0 ? 1.0 : (double) padded / real;
  }
}
