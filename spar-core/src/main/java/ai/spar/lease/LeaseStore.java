package ai.spar.lease;

import java.io.IOException;
import java.util.Optional;

/**
 * Where a lease file lives: the few file operations the lease protocol needs, so that it runs on
 * any file system. Implementations are thread-safe (the renewal thread and the run use one store).
 */
public interface LeaseStore {
  /** The lease file's location, for messages. */
  String location();

  /** The file's content, or empty when there is no file. */
  Optional<String> read() throws IOException;

  /**
   * Creates the file with {@code content} unless it exists.
   *
   * @return false when the file already existed (nothing written)
   */
  boolean createNew(String content) throws IOException;

  /** Replaces the file's content (the holder renewing). */
  void overwrite(String content) throws IOException;

  /**
   * Removes the file by first renaming it to a name ending in {@code suffix} (atomically where the
   * file system renames atomically, so that of two runs taking over the same stale lease only one
   * succeeds), then reading and deleting the renamed file.
   *
   * @return the content of the file removed, or empty when there was no file (another run got it)
   */
  Optional<String> takeAway(String suffix) throws IOException;

  /** Deletes the file; an absent file is fine. */
  void delete() throws IOException;
}
