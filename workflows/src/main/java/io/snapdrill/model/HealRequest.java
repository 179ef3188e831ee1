package io.snapdrill.model;

import java.util.List;

/** Remove these delete markers (only those whose previous version exists); dry run changes nothing. */
public record HealRequest(String cluster, List<DeleteMarker> markers, boolean dryRun) {}
