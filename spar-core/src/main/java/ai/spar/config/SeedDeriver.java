package ai.spar.config;

import com.google.common.base.Preconditions;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;

/**
 * Derives every seed of a job from (job seed, instruction id, stage, sample index), so a retried
 * task regenerates the same text and no two stages share a random stream. Pure and thread-safe.
 *
 * @param jobSeed the configured job seed
 */
public record SeedDeriver(long jobSeed) {

  /** Stages of a round, named once so that no two share a stream. */
  public static final String ACTOR = "actor";

  public static final String COLLECTION_JUDGE = "collection-judge";
  public static final String ROOT_CHOICE = "root-choice";
  public static final String REFINE = "refine";
  public static final String NODE_JUDGE = "node-judge";
  public static final String SELECTION = "selection";

  /**
   * The seed of one stage of one instruction.
   *
   * @param instructionId the instruction's stable id
   * @param stage one of the stage constants (or another stable name)
   * @param index the sample, node or level index within the stage
   */
  public long derive(String instructionId, String stage, long index) {
    Preconditions.checkArgument(instructionId != null, "instructionId must not be null");
    Preconditions.checkArgument(stage != null, "stage must not be null");
    Hasher hasher = Hashing.murmur3_128().newHasher();
    hasher.putLong(jobSeed);
    hasher.putInt(instructionId.length()).putString(instructionId, StandardCharsets.UTF_8);
    hasher.putInt(stage.length()).putString(stage, StandardCharsets.UTF_8);
    hasher.putLong(index);
    return hasher.hash().asLong();
  }

  /**
   * A further seed from a derived one, e.g. for the {@code attempt}-th retry of a request (0
   * returns it unchanged).
   */
  public static long mix(long seed, long attempt) {
    if (attempt == 0) {
      return seed;
    }
    long z = seed + attempt * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
