package io.snapdrill.worker.local;

import io.snapdrill.activities.node.NodeDistribution;
import java.util.List;
import java.util.Objects;

/**
 * A source cluster local mode starts: its name in the configuration (and so in workflow ids and
 * reports) and the distribution its node runs. Its repository lives under its own prefix in the
 * shared buckets, as several clusters' repositories do in one real bucket.
 */
public record LocalCluster(String name, NodeDistribution distribution) {
  /** The restore-a-thon's clusters: one of each engine the drills support, all on this machine. */
  public static final List<LocalCluster> RESTORE_A_THON = List.of(
      new LocalCluster("elasticsearch-8", NodeDistribution.ELASTICSEARCH_8),
      new LocalCluster("elasticsearch-7", NodeDistribution.ELASTICSEARCH_7),
      new LocalCluster("opensearch-2", NodeDistribution.OPENSEARCH_2));

  /**
   * The restore-a-thon's cluster a scenario breaks: the oldest engine, the cluster a real fleet is most
   * likely to have stopped looking after.
   */
  public static final String RESTORE_A_THON_BROKEN = "elasticsearch-7";

  public LocalCluster {
    Objects.requireNonNull(distribution, "distribution");
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("local cluster name must be lowercase letters, digits and '-': " + name);
    }
  }

  /** The repository's key prefix in both buckets, without a trailing slash. */
  public String prefix() {
    return "clusters/" + name;
  }
}
