package io.snapdrill.worker.trigger;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.SnapdrillConfig;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a bucket and key to the configured cluster whose repository (storage.primary bucket and
 * prefix) holds it. Only the root {@code snap-<uuid>.dat} blob marks a finished snapshot; per-shard
 * {@code indices/.../snap-<uuid>.dat} blobs and other repository blobs are ignored.
 */
public final class RepositoryRouter {
  private static final Pattern ROOT_SNAPSHOT = Pattern.compile("snap-([A-Za-z0-9_-]+)\\.dat");

  /** What an event's key means. */
  public sealed interface Decision permits Drill, Ignore, UnknownRepository {}

  public record Drill(SnapshotRoute route) implements Decision {}

  /** A key inside a known repository that is not a finished snapshot (shard blobs, index-N, ...). */
  public record Ignore(String why) implements Decision {}

  /** A bucket or prefix no configured cluster writes to. */
  public record UnknownRepository(String why) implements Decision {}

  private final List<ClusterConfig> clusters;

  public RepositoryRouter(SnapdrillConfig config) {
    // Longest prefix first: a repository at "a/b" must win over one at "a" for keys under a/b/.
    this.clusters = config.clusters().stream()
        .sorted(Comparator.comparingInt((ClusterConfig c) -> c.storage().primary().prefix().length()).reversed())
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
    for (ClusterConfig cluster : clusters) {
      BucketConfig primary = cluster.storage().primary();
      if (!primary.bucket().equals(event.bucket())) {
        continue;
      }
      bucketKnown = true;
      String prefix = primary.keyPrefix();
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
    return new UnknownRepository(bucketKnown
        ? "s3://" + event.bucket() + "/" + event.key() + " is outside every configured repository prefix of bucket "
            + event.bucket() + " (storage.primary.prefix of " + clustersOf(event.bucket()) + ")"
        : "bucket " + event.bucket() + " is no configured cluster's storage.primary.bucket (key " + event.key() + ")");
  }

  private List<String> clustersOf(String bucket) {
    return clusters.stream().filter(c -> c.storage().primary().bucket().equals(bucket)).map(ClusterConfig::name).toList();
  }
}
