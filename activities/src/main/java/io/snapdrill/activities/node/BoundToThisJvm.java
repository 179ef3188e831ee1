package io.snapdrill.activities.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

/**
 * Child processes that die with this JVM, even when it is killed (no shutdown hook runs then): they run
 * under {@code setpriv --pdeathsig KILL} (util-linux), which has the kernel kill them when their parent
 * goes. Linux sends that signal when the thread that started the process ends, not when the JVM does,
 * so they are started from one thread that lives as long as the JVM.
 */
public final class BoundToThisJvm {
  /** setpriv's options asking for the signal; {@link #start} puts them first, a setpriv of its own may too. */
  static final List<String> DEATH_SIGNAL = List.of("--pdeathsig", "KILL");
  private static final boolean SETPRIV_ON_PATH = onPath("setpriv");
  private static final ExecutorService STARTER = Executors.newSingleThreadExecutor(task -> {
    Thread thread = new Thread(task, "snapdrill-bound-process-starter");
    thread.setDaemon(true);
    return thread;
  });

  private BoundToThisJvm() {}

  /** False where setpriv is not on the PATH: processes then outlive a killed JVM. */
  public static boolean possible() {
    return SETPRIV_ON_PATH;
  }

  /** {@code builder}'s command, bound to this JVM where {@link #possible}. */
  public static Process start(ProcessBuilder builder) throws IOException {
    if (SETPRIV_ON_PATH) {
      List<String> command = new ArrayList<>(List.of("setpriv"));
      command.addAll(DEATH_SIGNAL);
      command.addAll(builder.command());
      builder.command(command);
    }
    return startFromLongLivedThread(builder);
  }

  /** Starts a command that already asks for the parent-death signal (a setpriv of its own). */
  static Process startFromLongLivedThread(ProcessBuilder builder) throws IOException {
    try {
      return STARTER.submit(builder::start).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IllegalStateException("cannot start " + builder.command(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting " + builder.command(), e);
    }
  }

  private static boolean onPath(String program) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
        .filter(dir -> !dir.isEmpty())
        .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
