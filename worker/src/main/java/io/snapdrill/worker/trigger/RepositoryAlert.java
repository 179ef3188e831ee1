package io.snapdrill.worker.trigger;

import java.util.List;

/**
 * A removal on a repository key that a retained snapshot needs: that copy can no longer restore those
 * snapshots (unless it was healed at once). The facts, and the one line on-call reads.
 *
 * @param copy "primary" or "replica"
 * @param state how the blob stands now, e.g. HIDDEN_BY_DELETE_MARKER or MISSING
 * @param healed what healing did, or null when it did not heal
 * @param text the alert as one line, with what to do
 */
public record RepositoryAlert(String cluster, String copy, String event, String bucket, String key, String state,
    List<String> snapshots, String healed, String text) {

  static RepositoryAlert of(ObjectRemoved removed, RepositoryRouter.Watch watch, RepositorySentinel.Judgment judgment) {
    String text = "REPOSITORY ALERT: " + removed.eventName() + " on s3://" + removed.bucket() + "/" + removed.key()
        + " (" + judgment.state() + ") breaks snapshot(s) " + judgment.snapshots() + " of cluster " + watch.cluster()
        + " in its " + watch.copy() + " copy" + (judgment.healed() != null ? "; " + judgment.healed()
            : ": restore from that copy fails") + ". What to do: snapdrill inspect-repo s3://" + removed.bucket() + "/"
        + watch.bucket().keyPrefix() + " names every damaged blob; snapdrill heal removes delete markers (a dry run"
        + " first) to bring blobs back, and the lifecycle rule behind it must stop covering the repository"
        + " (snapdrill audit-lifecycle).";
    return new RepositoryAlert(watch.cluster(), watch.copy(), removed.eventName(), removed.bucket(), removed.key(),
        judgment.state(), List.copyOf(judgment.snapshots()), judgment.healed(), text);
  }
}
