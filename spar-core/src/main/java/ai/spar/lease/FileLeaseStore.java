package ai.spar.lease;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** A lease file on a local (or locally mounted) file system. */
public final class FileLeaseStore implements LeaseStore {
  private final Path file;

  /**
   * @param file the lease file, e.g. {@code <output>/_lease.json}; its directory is created
   */
  public FileLeaseStore(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  @Override
  public String location() {
    return file.toString();
  }

  @Override
  public Optional<String> read() throws IOException {
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean createNew(String content) throws IOException {
    Files.createDirectories(file.getParent());
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    }
  }

  @Override
  public void overwrite(String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".renew");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  @Override
  public Optional<String> takeAway(String suffix) throws IOException {
    Path aside = file.resolveSibling(file.getFileName() + "." + suffix);
    try {
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    String content = Files.readString(aside, StandardCharsets.UTF_8);
    Files.deleteIfExists(aside);
    return Optional.of(content);
  }

  @Override
  public void delete() throws IOException {
    Files.deleteIfExists(file);
  }
}
