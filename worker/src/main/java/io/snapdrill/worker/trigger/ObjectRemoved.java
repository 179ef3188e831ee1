package io.snapdrill.worker.trigger;

/**
 * One "object removed" notification: a delete marker created (versioned bucket), an object deleted
 * (unversioned bucket, or a version deleted for good), or a lifecycle expiration doing either. On a
 * repository key a snapshot still needs, this is the Rewind incident happening.
 *
 * @param eventName e.g. {@code ObjectRemoved:DeleteMarkerCreated}, {@code LifecycleExpiration:Delete} or,
 *     from EventBridge, {@code Object Deleted (Delete Marker Created)}
 */
public record ObjectRemoved(String bucket, String key, String eventName) {}
