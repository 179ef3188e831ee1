package io.snapdrill.worker.trigger;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.SnapdrillConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Maps a bucket and key to the configured cluster whose repository holds it, in the primary bucket or
 * its replica (the replica's event says the snapshot reached the disaster-recovery region; both route
 * to the same drill). Only the root {@code snap-<uuid>.dat} blob marks a finished snapshot; per-shard
 * {@code indices/.../snap-<uuid>.dat} blobs and other repository blobs are ignored.
 */
public final class RepositoryRouter {
  private static final Pattern ROOT_SNAPSHOT = Pattern.compile("snap-([A-Za-z0-9_-]+)\\.dat");

  /** What an event's key means. */
  public sealed interface Decision permits Drill, Ignore, UnknownRepository, Watch {}

  public record Drill(SnapshotRoute route) implements Decision {}

  /** A key inside a known repository that is not a finished snapshot (shard blobs, index-N, ...). */
  public record Ignore(String why) implements Decision {}

  /** A bucket or prefix no configured cluster writes to. */
  public record UnknownRepository(String why) implements Decision {}

  /**
   * A key removed from a copy of a cluster's repository: the sentinel judges whether a snapshot needs it.
   *
   * @param copy "primary" or "replica"
   */
  public record Watch(String cluster, String copy, BucketConfig bucket, String key) implements Decision {}

  /** One copy of a cluster's repository: {@code copy} is "primary" or "replica", as in storage.&lt;copy&gt;. */
  private record Copy(ClusterConfig cluster, BucketConfig bucket, String copy) {}

  private final List<Copy> copies;

  public RepositoryRouter(SnapdrillConfig config) {
    List<Copy> all = new ArrayList<>();
    for (ClusterConfig cluster : config.clusters()) {
      all.add(new Copy(cluster, cluster.storage().primary(), "primary"));
      if (cluster.storage().replica() != null) {
        all.add(new Copy(cluster, cluster.storage().replica(), "replica"));
      }
    }
    // Longest prefix first: a repository at "a/b" must win over one at "a" for keys under a/b/.
    this.copies = all.stream()
        .sorted(Comparator.comparingInt((Copy c) -> c.bucket().prefix().length()).reversed())
        .toList();
  }

  public Decision route(ObjectCreated event) {
    Decision decision = routeAsGiven(event);
    // EventBridge documents its keys as written, but a form-encoded key ('+', %XX) must not strand a
    // snapshot whose repository prefix has spaces or special characters: try the decoded form too.
    if (decision instanceof UnknownRepository && (event.key().contains("%") || event.key().contains("+"))) {
      try {
        String decoded = java.net.URLDecoder.decode(event.key(), java.nio.charset.StandardCharsets.UTF_8);
        if (!decoded.equals(event.key())) {
          Decision second = routeAsGiven(new ObjectCreated(event.bucket(), decoded, event.eventName()));
          if (!(second instanceof UnknownRepository)) {
            return second;
          }
        }
      } catch (IllegalArgumentException notEncoded) {
        // the key is what it is
      }
    }
    return decision;
  }

  private Decision routeAsGiven(ObjectCreated event) {
    boolean bucketKnown = false;
    for (Copy copy : copies) {
      ClusterConfig cluster = copy.cluster();
      if (!copy.bucket().bucket().equals(event.bucket())) {
        continue;
      }
      bucketKnown = true;
      String prefix = copy.bucket().keyPrefix();
      if (!event.key().startsWith(prefix)) {
        continue;
      }
      String rest = event.key().substring(prefix.length());
      if (rest.contains("/")) {
        return new Ignore(event.key() + " is not a root snapshot blob of repository " + cluster.repository()
            + " of cluster " + cluster.name());
      }
      Matcher m = ROOT_SNAPSHOT.matcher(rest);
      if (!m.matches()) {
        return new Ignore(event.key() + " is not a snap-<uuid>.dat blob of cluster " + cluster.name());
      }
      return new Drill(new SnapshotRoute(cluster.name(), m.group(1)));
    }
    return unknown(event.bucket(), event.key(), bucketKnown);
  }

  /** Any key under a repository copy's prefix: a removal there may break a snapshot. */
  public Decision routeRemoval(ObjectRemoved event) {
    boolean bucketKnown = false;
    for (Copy copy : copies) {
      if (!copy.bucket().bucket().equals(event.bucket())) {
        continue;
      }
      bucketKnown = true;
      if (event.key().startsWith(copy.bucket().keyPrefix())) {
        return new Watch(copy.cluster().name(), copy.copy(), copy.bucket(), event.key());
      }
    }
    return unknown(event.bucket(), event.key(), bucketKnown);
  }

  private UnknownRepository unknown(String bucket, String key, boolean bucketKnown) {
    return new UnknownRepository(bucketKnown
        ? "s3://" + bucket + "/" + key + " is outside every configured repository prefix of bucket " + bucket
            + " (" + copiesIn(bucket) + ")"
        : "bucket " + bucket + " is no configured cluster's storage.primary.bucket or storage.replica.bucket (key " + key + ")");
  }

  /** e.g. "storage.replica.prefix of logs-prod" for each repository copy in the bucket. */
  private String copiesIn(String bucket) {
    return copies.stream().filter(c -> c.bucket().bucket().equals(bucket))
        .map(c -> "storage." + c.copy() + ".prefix of " + c.cluster().name()).collect(Collectors.joining(", "));
  }
}
