package io.snapdrill.worker.trigger;

/** Where events Snapdrill cannot act on are kept for a person to look at (and replay once fixed). */
public interface DeadLetters {
  /**
   * Keeps the message; returns a description of where it went. Throws when it could not be kept, so
   * the consumer leaves the message on the queue instead of losing it.
   */
  String keep(String messageId, String body, String reason);
}
