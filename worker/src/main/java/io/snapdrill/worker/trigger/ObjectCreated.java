package io.snapdrill.worker.trigger;

/**
 * One "object created" notification, whichever way it arrived.
 *
 * @param bucket the bucket name
 * @param key the object key, already URL-decoded
 * @param eventName e.g. {@code ObjectCreated:Put} or, from EventBridge, {@code Object Created}
 */
public record ObjectCreated(String bucket, String key, String eventName) {}
