package io.snapdrill.worker.local;

import io.snapdrill.worker.SnapdrillCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;

/**
 * A {@code snapdrill} command in its own JVM, as a user runs it, with its own temp directory so a test
 * can tell whether it left files behind. Its output is echoed to the test log and kept.
 */
final class SnapdrillProcess {
  /** Temp directories the nodes (an unprivileged uid when tests run as root) can traverse. */
  static final java.nio.file.attribute.FileAttribute<?> TRAVERSABLE =
      java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
          java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();

  private SnapdrillProcess(Process process, String name) {
    this.process = process;
    Thread reader = new Thread(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = out.readLine()) != null; ) {
          lines.add(line);
          System.out.println("[" + name + "] " + line);
        }
      } catch (IOException ended) {
        // the process is gone
      }
    }, "output-of-" + name);
    reader.setDaemon(true);
    reader.start();
  }

  static SnapdrillProcess start(Path tmpDir, List<String> jvmOptions, String... args) {
    return start(tmpDir, jvmOptions, java.util.Map.of(), args);
  }

  static SnapdrillProcess start(Path tmpDir, List<String> jvmOptions, java.util.Map<String, String> environment,
      String... args) {
    List<String> command = new ArrayList<>(List.of(
        // A build started in the background of a non-interactive shell (nohup mvn ... &) ignores SIGINT, and
        // the JVM keeps an ignored SIGINT ignored: Ctrl-C tests would send it to a process that cannot hear it.
        // env resets it to the default, as a terminal gives it, then execs java (same pid).
        "env", "--default-signal=INT",
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
        // a command that lives a minute: C1 alone leaves the CPU to the nodes it starts
        "-XX:TieredStopAtLevel=1",
        "-Djava.io.tmpdir=" + tmpDir,
        // the unpacked distributions are a cache shared by all runs, not a run's leftovers
        "-Dsnapdrill.distributions.dir=" + Path.of(System.getProperty("java.io.tmpdir"), "snapdrill-distributions"),
        "-Dsnapdrill.s3mock.jar=" + System.getProperty("snapdrill.s3mock.jar")));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), SnapdrillCommand.class.getName()));
    command.addAll(List.of(args));
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().putAll(environment);
      Process process = builder.start();
      return new SnapdrillProcess(process, args[0] + " " + process.pid());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits for a line matching the pattern; returns its match. */
  Matcher awaitLine(String regex, Duration timeout) {
    Pattern pattern = Pattern.compile(regex);
    Matcher[] found = new Matcher[1];
    Awaitility.await(regex).atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
      if (!process.isAlive() && found[0] == null) {
        scan(pattern, found);
        if (found[0] == null) {
          throw new AssertionError("process ended (exit " + process.exitValue() + ") without printing " + regex
              + "; it printed:\n" + output());
        }
      }
      return scan(pattern, found);
    });
    return found[0];
  }

  private boolean scan(Pattern pattern, Matcher[] found) {
    for (String line : lines) {
      Matcher m = pattern.matcher(line);
      if (m.find()) {
        found[0] = m;
        return true;
      }
    }
    return false;
  }

  int waitFor(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("snapdrill did not end within " + timeout);
      }
      // let the reader take the last lines
      Thread.sleep(200);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** kill -9: no shutdown hook runs. */
  void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(30));
  }

  /** Ctrl-C. */
  void interrupt() {
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();
    } catch (IOException | InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  String output() {
    return String.join("\n", lines);
  }
}
