package ai.spar.bench;

import com.google.common.base.Preconditions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * A throwaway {@code SPARK_HOME} made from the jars of a class path: {@code jars/} holds a symbolic
 * link to every jar that belongs to Spark's side of the class path, which is where Spark's launcher
 * ({@code WorkerCommandBuilder}) looks when a worker starts an executor.
 *
 * <p>The application's own artifacts are left out, so executors get them only from the submitted
 * application jar, as on a real cluster: SPaR's modules ({@code ai.spar}), DJL ({@code ai.djl.*}),
 * picocli and Jinjava. A jar's group is read from its Maven repository path or from the {@code
 * pom.properties} it carries; class directories (build output) are left out too.
 *
 * @param root the directory that serves as {@code SPARK_HOME}
 * @param jars the jars linked into {@code root/jars}, in class path order
 */
public record LocalSparkHome(Path root, List<Path> jars) {
  /** Maven group prefixes of the application's artifacts (the app jar carries them). */
  static final List<String> APPLICATION_GROUPS =
      List.of("ai.spar", "ai.djl", "info.picocli", "com.hubspot");

  public LocalSparkHome {
    Preconditions.checkArgument(root != null, "root must not be null");
    jars = List.copyOf(jars);
  }

  /**
   * Creates (or replaces) {@code root/jars} with links to Spark's jars among {@code classPath}.
   *
   * @param root the directory to fill; created if absent
   * @param classPath class path entries, e.g. the current JVM's {@code java.class.path}
   * @throws IllegalArgumentException if no Spark core jar is among them
   */
  public static LocalSparkHome create(Path root, List<Path> classPath) {
    List<Path> sparkSide = new ArrayList<>();
    for (Path entry : classPath) {
      if (Files.isRegularFile(entry)
          && entry.getFileName().toString().endsWith(".jar")
          && !isApplication(entry)) {
        sparkSide.add(entry.toAbsolutePath());
      }
    }
    Preconditions.checkArgument(
        sparkSide.stream().anyMatch(j -> j.getFileName().toString().startsWith("spark-core_")),
        "class path must contain Spark's jars (spark-core_*.jar), but has %s entries without it",
        classPath.size());
    Path jarsDir = root.resolve("jars");
    try {
      if (Files.isDirectory(jarsDir)) {
        try (var old = Files.list(jarsDir)) {
          for (Path link : old.toList()) {
            Files.delete(link);
          }
        }
      }
      Files.createDirectories(jarsDir);
      for (Path jar : sparkSide) {
        Path link = jarsDir.resolve(jar.getFileName());
        if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
          Files.createSymbolicLink(link, jar);
        }
      }
      // The launcher reads RELEASE to know it runs from a distribution, not a source build.
      Files.writeString(root.resolve("RELEASE"), "Spark (loopback SPARK_HOME made by SPaR)\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot build a SPARK_HOME at " + root, e);
    }
    return new LocalSparkHome(root.toAbsolutePath(), sparkSide);
  }

  /** The current JVM's class path entries. */
  public static List<Path> currentClassPath() {
    List<Path> entries = new ArrayList<>();
    for (String entry :
        System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
      if (!entry.isBlank()) {
        entries.add(Path.of(entry));
      }
    }
    return Collections.unmodifiableList(entries);
  }

  /** The class path of a JVM that runs Spark from this home: {@code root/jars/*}. */
  public String classPath() {
    return root.resolve("jars").toString() + java.io.File.separator + "*";
  }

  static boolean isApplication(Path jar) {
    return group(jar)
        .map(g -> APPLICATION_GROUPS.stream().anyMatch(p -> g.equals(p) || g.startsWith(p + ".")))
        .orElse(false);
  }

  /**
   * The Maven group of a jar: from its path below the local repository (the system property {@code
   * maven.repo.local} when set, else a directory named {@code repository}), else from its own
   * pom.properties.
   */
  static Optional<String> group(Path jar) {
    Path version = jar.toAbsolutePath().getParent();
    String name = jar.getFileName().toString();
    String configuredRepo = System.getProperty("maven.repo.local");
    if (configuredRepo != null
        && version != null
        && version.getParent() != null
        && version.getParent().getParent() != null) {
      Path repo = Path.of(configuredRepo).toAbsolutePath().normalize();
      Path groupDir = version.getParent().getParent().normalize();
      if (groupDir.startsWith(repo) && !groupDir.equals(repo)) {
        List<String> parts = new ArrayList<>();
        repo.relativize(groupDir).forEach(p -> parts.add(p.toString()));
        return Optional.of(String.join(".", parts));
      }
    }
    if (version != null && version.getParent() != null) {
      String artifact = version.getParent().getFileName().toString();
      if (name.startsWith(artifact + "-" + version.getFileName() + ".")
          || name.startsWith(artifact + "-" + version.getFileName() + "-")) {
        List<String> parts = new ArrayList<>();
        for (Path p = version.getParent().getParent();
            p != null && p.getFileName() != null;
            p = p.getParent()) {
          if (p.getFileName().toString().equals("repository")) {
            Collections.reverse(parts);
            return Optional.of(String.join(".", parts));
          }
          parts.add(p.getFileName().toString());
        }
      }
    }
    return pomGroup(jar, name);
  }

  private static Optional<String> pomGroup(Path jar, String fileName) {
    try (JarFile file = new JarFile(jar.toFile())) {
      for (JarEntry entry : Collections.list(file.entries())) {
        String path = entry.getName();
        if (path.startsWith("META-INF/maven/") && path.endsWith("/pom.properties")) {
          Properties pom = new Properties();
          try (InputStream in = file.getInputStream(entry)) {
            pom.load(in);
          }
          String prefix =
              (pom.getProperty("artifactId", "") + "-" + pom.getProperty("version", ""))
                  .toLowerCase(Locale.ROOT);
          if (fileName.toLowerCase(Locale.ROOT).startsWith(prefix)) {
            return Optional.ofNullable(pom.getProperty("groupId"));
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }
}
