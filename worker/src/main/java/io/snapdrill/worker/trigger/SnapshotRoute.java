package io.snapdrill.worker.trigger;

/** The drill an object-created event asks for: this cluster's snapshot with this UUID. */
public record SnapshotRoute(String cluster, String snapshotUuid) {}
