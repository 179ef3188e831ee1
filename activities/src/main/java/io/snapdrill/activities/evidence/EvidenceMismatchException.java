package io.snapdrill.activities.evidence;

/** Stored evidence is not what the drill wrote: its digest or item count differs from the payload's pointer. */
public final class EvidenceMismatchException extends IllegalStateException {
  public EvidenceMismatchException(String message) {
    super(message);
  }
}
