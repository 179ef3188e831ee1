package io.snapdrill.activities.cluster;

import io.snapdrill.model.IndexVerdict;
import io.snapdrill.model.StoredEvidence;
import java.util.List;

/**
 * VERIFY's heartbeat details, so a retried attempt (the worker died, or one request outlived the
 * heartbeat timeout) goes on from the next index instead of the first. One payload whatever the number
 * of indices: the verdicts of the batch in progress, the last batch in the report store (each batch
 * names the one before it, {@link VerdictLog}) and the counts.
 *
 * @param verdicts the verdicts judged since the last batch was stored (fewer than {@link VerdictLog#BATCH});
 *     in details of a worker before the bound, every verdict so far
 * @param stored the last batch written to the report store, or null before the first (and in older details)
 * @param judgedCount how many indices were judged, stored or not (for whoever reads the pending activity);
 *     null in older details
 * @param failedCount how many of them failed; null as above
 */
public record VerifyProgress(List<IndexVerdict> verdicts, StoredEvidence stored, Integer judgedCount, Integer failedCount) {
  /** Nothing judged yet. */
  public static final VerifyProgress START = new VerifyProgress(List.of());

  public VerifyProgress {
    verdicts = verdicts == null ? List.of() : List.copyOf(verdicts);
  }

  /** Details as a worker before the bound wrote them: every verdict, nothing stored. */
  public VerifyProgress(List<IndexVerdict> verdicts) {
    this(verdicts, null, null, null);
  }
}
