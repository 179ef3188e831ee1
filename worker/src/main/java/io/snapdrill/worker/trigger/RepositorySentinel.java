package io.snapdrill.worker.trigger;

import java.util.List;

/** Judges a removed repository key at once: does a snapshot the repository still holds need it? */
public interface RepositorySentinel {

  /**
   * What the removal means.
   *
   * @param snapshots the snapshots that can no longer be restored from that copy because of it (empty: harmless)
   * @param state how the blob stands now, e.g. HIDDEN_BY_DELETE_MARKER or MISSING; null when harmless
   * @param healed what healing did (with {@code drill.heal: auto} and a blob hidden by delete markers); null when
   *     it did not heal
   */
  record Judgment(List<String> snapshots, String state, String healed) {
    public Judgment(List<String> snapshots, String state) {
      this(snapshots, state, null);
    }

    public boolean harmful() {
      return !snapshots.isEmpty();
    }
  }

  /** Throws when the repository could not be read: the event is then kept for a retry, never dropped. */
  Judgment judge(RepositoryRouter.Watch removal);
}
