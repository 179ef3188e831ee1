package io.snapdrill.worker.trigger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.format.DateTimeFormatter;

/** One JSON file per dead letter: the reason, the message id, when, and the body exactly as received. */
public final class DirectoryDeadLetters implements DeadLetters {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path directory;
  private final Clock clock;

  public DirectoryDeadLetters(Path directory) {
    this(directory, Clock.systemUTC());
  }

  DirectoryDeadLetters(Path directory, Clock clock) {
    this.directory = directory.toAbsolutePath();
    this.clock = clock;
  }

  public Path directory() {
    return directory;
  }

  @Override
  public String keep(String messageId, String body, String reason) {
    ObjectNode letter = JSON.createObjectNode()
        .put("reason", reason)
        .put("messageId", messageId)
        .put("receivedAt", clock.instant().toString())
        .put("body", body);
    String name = STAMP.format(clock.instant().atZone(java.time.ZoneOffset.UTC)) + "-"
        + (messageId == null ? "event" : messageId.replaceAll("[^A-Za-z0-9_-]", "_")) + ".json";
    try {
      Files.createDirectories(directory);
      Path tmp = Files.createTempFile(directory, ".dead-letter", ".tmp");
      Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(letter));
      Path file = directory.resolve(name);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write dead letter to " + directory + ": " + e.getMessage(), e);
    }
  }
}
