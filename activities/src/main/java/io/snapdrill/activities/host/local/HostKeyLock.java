package io.snapdrill.activities.host.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises provision and teardown of one local restore host across threads and worker processes
 * sharing a work root: a retry that Temporal hands to a second worker while the first is still starting
 * the node must find that node rather than start another. The OS drops the lock of a killed worker.
 */
final class HostKeyLock {
  // File locks belong to the process, and a second FileChannel.lock in one JVM fails instead of waiting.
  private static final Map<Path, ReentrantLock> IN_THIS_JVM = new ConcurrentHashMap<>();

  private HostKeyLock() {}

  static <T> T holding(Path lockFile, Supplier<T> body) {
    ReentrantLock local = IN_THIS_JVM.computeIfAbsent(lockFile, f -> new ReentrantLock());
    local.lock();
    try {
      while (true) {
        Files.createDirectories(lockFile.getParent());
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock held = channel.lock()) {
          // Teardown deletes the file while holding it; a lock on the deleted file would exclude no one.
          if (Files.exists(lockFile)) {
            return body.get();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lock " + lockFile + ": " + e.getMessage(), e);
    } finally {
      local.unlock();
    }
  }

  /** Call only while {@link #holding} the lock, as the last step of a teardown. */
  static void deleteWhileHeld(Path lockFile) {
    try {
      Files.deleteIfExists(lockFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + lockFile + ": " + e.getMessage(), e);
    }
  }
}
