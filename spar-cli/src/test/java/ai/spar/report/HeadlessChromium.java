package ai.spar.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Drives Debian's {@code chromium} headless from a test: loads a local page with a virtual time
 * budget and returns the DOM after scripts ran (with the console lines Chromium logged), or saves a
 * screenshot. {@code SPAR_CHROMIUM} names another binary.
 */
final class HeadlessChromium {
  static final List<String> CANDIDATES = List.of("chromium", "chromium-browser", "google-chrome");

  private final String binary;
  private final Path profile;

  /**
   * A page after its scripts ran.
   *
   * @param dom the serialized DOM
   * @param consoleLines the lines Chromium logged for the page's console messages
   */
  record Page(String dom, List<String> consoleLines) {}

  private HeadlessChromium(String binary, Path profile) {
    this.binary = binary;
    this.profile = profile;
  }

  /** The browser, or empty when none is installed. */
  static Optional<HeadlessChromium> find(Path profile) {
    String given = System.getenv("SPAR_CHROMIUM");
    if (given != null && !given.isBlank()) {
      return Optional.of(new HeadlessChromium(given, profile));
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      for (String name : CANDIDATES) {
        if (Files.isExecutable(Path.of(dir, name))) {
          return Optional.of(new HeadlessChromium(Path.of(dir, name).toString(), profile));
        }
      }
    }
    return Optional.empty();
  }

  Page load(Path html) throws IOException, InterruptedException {
    Path out = Files.createTempFile(profile.getParent(), "dom", ".html");
    Path err = Files.createTempFile(profile.getParent(), "chromium", ".log");
    run(List.of("--enable-logging=stderr", "--v=0", "--dump-dom", uri(html)), out, err);
    List<String> console = new ArrayList<>();
    for (String line : Files.readAllLines(err, StandardCharsets.UTF_8)) {
      if (line.contains(":CONSOLE")) {
        console.add(line);
      }
    }
    return new Page(Files.readString(out, StandardCharsets.UTF_8), console);
  }

  void screenshot(Path html, Path png, int width, int height)
      throws IOException, InterruptedException {
    Path log = Files.createTempFile(profile.getParent(), "chromium", ".log");
    run(
        List.of(
            "--hide-scrollbars",
            "--run-all-compositor-stages-before-draw",
            "--window-size=" + width + "," + height,
            "--screenshot=" + png.toAbsolutePath(),
            uri(html)),
        log,
        log);
  }

  private void run(List<String> args, Path out, Path err) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                binary,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-extensions",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=5000"));
    command.addAll(args);
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("chromium did not finish within 120 s: " + command);
    }
    if (process.exitValue() != 0) {
      throw new IllegalStateException(
          "chromium exited with " + process.exitValue() + ": " + Files.readString(err));
    }
  }

  private static String uri(Path html) {
    return html.toAbsolutePath().toUri().toString();
  }
}
