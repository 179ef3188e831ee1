package io.snapdrill.activities.cluster;

import java.util.List;

/** Heartbeat details of RESTORE: whether this drill's restore was started (a retry resumes it) and how far recovery is. */
public record RestoreProgress(boolean started, List<String> indices, long bytesRecovered, long bytesTotal, double percent) {}
