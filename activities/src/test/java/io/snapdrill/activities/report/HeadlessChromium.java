package io.snapdrill.activities.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium, installed by {@code .ci/install-chromium.sh} when missing. Renders a
 * local page and returns the rendered DOM and every console message (CSP violations, blocked loads
 * and script errors all arrive there).
 */
final class HeadlessChromium {
  record Rendered(String dom, List<String> console, int exitCode) {}

  private final Path binary;

  private HeadlessChromium(Path binary) {
    this.binary = binary;
  }

  /** Chromium from the PATH, installing it with the project's script once if it is missing. */
  static Optional<HeadlessChromium> find() {
    Optional<Path> onPath = onPath();
    if (onPath.isEmpty()) {
      Path script = projectRoot().resolve(".ci/install-chromium.sh");
      if (Files.isExecutable(script)) {
        try {
          Process install = new ProcessBuilder(script.toString()).inheritIO().start();
          install.waitFor(10, TimeUnit.MINUTES);
        } catch (IOException e) {
          return Optional.empty();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Optional.empty();
        }
        onPath = onPath();
      }
    }
    return onPath.map(HeadlessChromium::new);
  }

  Rendered render(Path page, Path workDir) throws IOException, InterruptedException {
    Path log = workDir.resolve("chromium-stderr.txt");
    Path dom = workDir.resolve("dom.html");
    Process p = new ProcessBuilder(binary.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--user-data-dir=" + workDir.resolve("profile"),
        "--enable-logging=stderr", "--v=0", "--dump-dom", page.toUri().toString())
        .redirectOutput(dom.toFile()).redirectError(log.toFile()).start();
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IllegalStateException("chromium did not finish rendering " + page);
    }
    List<String> console;
    try (Stream<String> lines = Files.lines(log, StandardCharsets.UTF_8)) {
      console = lines.filter(l -> l.contains(":CONSOLE")).toList();
    }
    return new Rendered(Files.readString(dom), console, p.exitValue());
  }

  private static Optional<Path> onPath() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  private static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve(".ci"))) {
      dir = dir.getParent();
    }
    return dir == null ? Path.of("").toAbsolutePath() : dir;
  }
}
