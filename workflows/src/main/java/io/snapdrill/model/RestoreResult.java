package io.snapdrill.model;

import java.util.List;

/** Indices restored on the host (after any rename) and the bytes recovered. */
public record RestoreResult(List<String> indices, int shards, long bytesRecovered) {}
