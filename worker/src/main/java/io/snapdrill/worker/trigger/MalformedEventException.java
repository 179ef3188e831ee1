package io.snapdrill.worker.trigger;

/** A message that is not an S3 event notification Snapdrill understands; the message names the field at fault. */
public class MalformedEventException extends Exception {
  public MalformedEventException(String message) {
    super(message);
  }
}
