package io.snapdrill.activities.cluster;

import java.util.List;

/**
 * Heartbeat details of RESTORE: whether this drill's restore was started (a retry resumes it) and how far
 * recovery is. Sent on every poll, for hours: the restored index names are listed to {@link #LISTED} and
 * counted (a retry reads only {@code started}).
 *
 * @param indices the first {@link #LISTED} restored index names (every one in details of an older worker)
 * @param indexCount how many indices are restored; null in details of an older worker
 */
public record RestoreProgress(boolean started, List<String> indices, long bytesRecovered, long bytesTotal, double percent,
    Integer indexCount) {
  /** Index names the details list. */
  public static final int LISTED = 20;

  public RestoreProgress {
    indices = indices == null ? List.of() : indices;
  }

  /** Progress of a restore of {@code indices}: the details list the first few and count them all. */
  public RestoreProgress(boolean started, List<String> indices, long bytesRecovered, long bytesTotal, double percent) {
    this(started, List.copyOf(indices.subList(0, Math.min(indices.size(), LISTED))), bytesRecovered, bytesTotal, percent,
        indices.size());
  }
}
