package ai.spar.trainer.data;

import ai.spar.llm.chat.ChatMessage;
import com.google.common.hash.Hasher;
import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A SHA-256 over the content of the training records in order (not over file names or Parquet
 * bytes), so the same rows written twice fingerprint the same and any changed text changes it.
 */
public final class DataFingerprint {
  private DataFingerprint() {}

  /** The fingerprint of preference pairs, as hex. */
  public static String ofPairs(List<PreferencePair> pairs) {
    Hasher h = Hashing.sha256().newHasher();
    h.putString("pairs", StandardCharsets.UTF_8);
    for (PreferencePair p : pairs) {
      chat(h, p.prompt());
      chat(h, p.chosen());
      chat(h, p.rejected());
    }
    return h.hash().toString();
  }

  /** The fingerprint of SFT examples, as hex. */
  public static String ofSftExamples(List<SftExample> examples) {
    Hasher h = Hashing.sha256().newHasher();
    h.putString("sft", StandardCharsets.UTF_8);
    for (SftExample e : examples) {
      chat(h, e.messages());
      e.targets().stream().sorted().forEach(h::putInt);
      h.putInt(-1);
    }
    return h.hash().toString();
  }

  private static void chat(Hasher h, List<ChatMessage> turns) {
    h.putInt(turns.size());
    for (ChatMessage m : turns) {
      byte[] role = m.role().getBytes(StandardCharsets.UTF_8);
      byte[] content = m.content().getBytes(StandardCharsets.UTF_8);
      h.putInt(role.length).putBytes(role).putInt(content.length).putBytes(content);
    }
  }
}
