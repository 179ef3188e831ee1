package io.snapdrill.activities.blob;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the keys whose latest version is a delete marker, one ListObjectVersions page at a time, so
 * that the caller can heartbeat after every page and a retried attempt can go on from the last
 * {@link #checkpoint()} instead of listing the bucket again. The result is the same as
 * {@link VersionListing#hiddenBlobs()} of the whole listing, in the same (key) order.
 *
 * <p>A checkpoint carries the hidden keys found so far, since the audit needs all of them. It is kept
 * under {@link #CARRY_LIMIT} estimated bytes (heartbeat details are one Temporal payload: a warning
 * above 512 KB, a failure above 2 MB): past that, the checkpoint stays at the last page whose keys
 * fit, and a retry lists again from there (still correct, only less saved).
 */
public final class HiddenBlobScan {
  /** Estimated bytes of hidden keys a checkpoint carries at most. */
  public static final int CARRY_LIMIT = 200_000;

  /**
   * Where a scan stands.
   *
   * @param keyMarker object key the next page starts after; null before the first page
   * @param versionIdMarker version of {@code keyMarker} the next page starts after
   * @param pages pages listed so far (this attempt's and those of attempts before)
   * @param done whether the last page was listed
   * @param supported false when the store keeps no versions (then nothing is hidden)
   * @param pending the key the last page ended in, whose versions may go on in the next page; null when none
   * @param hidden the hidden keys found so far, in key order
   */
  public record Position(String keyMarker, String versionIdMarker, int pages, boolean done, boolean supported,
      Pending pending, List<HiddenKey> hidden) {

    public static Position start() {
      return new Position(null, null, 0, false, true, null, List.of());
    }
  }

  /**
   * @param markerVersionId the key's latest version when that is a delete marker, else null
   * @param settled whether the key's outcome is known (not hidden, or the version under the marker was seen)
   */
  public record Pending(String key, String markerVersionId, boolean settled) {}

  /**
   * A key whose latest version is a delete marker.
   *
   * @param previousVersionId the newest real version under the marker; null when none is left
   */
  public record HiddenKey(String key, String markerVersionId, String previousVersionId) {}

  private final S3BlobStore store;
  private final String prefix;
  private Position checkpoint;
  private String keyMarker;
  private String versionIdMarker;
  private int pages;
  private boolean done;
  private boolean supported;
  private final List<HiddenKey> hidden;
  private long carriedBytes;
  private String key;
  private String markerVersionId;
  private boolean settled;

  /** @param from where an earlier attempt stopped, or {@link Position#start()} */
  public HiddenBlobScan(S3BlobStore store, String prefix, Position from) {
    this.store = store;
    this.prefix = prefix;
    Position start = from == null ? Position.start() : from;
    this.checkpoint = start;
    this.keyMarker = start.keyMarker();
    this.versionIdMarker = start.versionIdMarker();
    this.pages = start.pages();
    this.done = start.done();
    this.supported = start.supported();
    this.hidden = new ArrayList<>(start.hidden() == null ? List.of() : start.hidden());
    this.hidden.forEach(h -> carriedBytes += estimate(h));
    if (start.pending() != null) {
      key = start.pending().key();
      markerVersionId = start.pending().markerVersionId();
      settled = start.pending().settled();
    }
  }

  /**
   * Lists every remaining page, telling {@code afterPage} after each one (to heartbeat
   * {@link #checkpoint()}).
   *
   * @return every hidden key of the store under the prefix, in key order
   */
  public List<HiddenKey> run(Consumer<HiddenBlobScan> afterPage) {
    while (!done) {
      VersionPage page = store.listVersionsPage(prefix, keyMarker, versionIdMarker);
      pages++;
      if (!page.supported()) {
        supported = false;
        done = true;
        hidden.clear();
        key = null;
      } else {
        page.versions().forEach(this::accept);
        keyMarker = page.nextKeyMarker();
        versionIdMarker = page.nextVersionIdMarker();
        if (page.last()) {
          finishKey();
          done = true;
        }
      }
      if (carriedBytes <= CARRY_LIMIT) {
        checkpoint = new Position(keyMarker, versionIdMarker, pages, done, supported,
            key == null ? null : new Pending(key, markerVersionId, settled), List.copyOf(hidden));
      }
      afterPage.accept(this);
    }
    return List.copyOf(hidden);
  }

  /** The position to heartbeat: the last page's, or an earlier one when the hidden keys outgrew {@link #CARRY_LIMIT}. */
  public Position checkpoint() {
    return checkpoint;
  }

  /** Pages listed so far, including those of earlier attempts. */
  public int pages() {
    return pages;
  }

  public boolean supported() {
    return supported;
  }

  private void accept(BlobVersion version) {
    if (!version.key().equals(key)) {
      finishKey();
      key = version.key();
      // newest first per key: the first version seen is the latest one
      boolean hiddenNow = version.deleteMarker() && version.latest();
      markerVersionId = hiddenNow ? version.versionId() : null;
      settled = !hiddenNow;
      return;
    }
    if (!settled && !version.deleteMarker()) {
      add(new HiddenKey(key, markerVersionId, version.versionId()));
      settled = true;
    }
  }

  private void finishKey() {
    if (key != null && !settled) {
      add(new HiddenKey(key, markerVersionId, null)); // no real version left under the marker
    }
    key = null;
    markerVersionId = null;
    settled = true;
  }

  private void add(HiddenKey blob) {
    hidden.add(blob);
    carriedBytes += estimate(blob);
  }

  private static long estimate(HiddenKey h) {
    return 64L + h.key().length() + length(h.markerVersionId()) + length(h.previousVersionId());
  }

  private static int length(String s) {
    return s == null ? 4 : s.length();
  }
}
