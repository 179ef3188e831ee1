package io.snapdrill.worker.trigger;

import java.util.List;

/**
 * What one queue message held.
 *
 * @param testEvent the {@code s3:TestEvent} S3 sends when a notification is configured (nothing to do)
 * @param objectsCreated the object-created records (other event types are left out)
 * @param otherEvents event names that were not object-created (logged, not dead-lettered)
 */
public record ParsedMessage(boolean testEvent, List<ObjectCreated> objectsCreated, List<String> otherEvents,
    List<ObjectRemoved> objectsRemoved) {
  public ParsedMessage {
    objectsCreated = List.copyOf(objectsCreated);
    objectsRemoved = List.copyOf(objectsRemoved);
    otherEvents = List.copyOf(otherEvents);
  }
}
