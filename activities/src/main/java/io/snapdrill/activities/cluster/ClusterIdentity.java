package io.snapdrill.activities.cluster;

import io.snapdrill.activities.config.Product;

/** What a cluster says it is. */
public record ClusterIdentity(Product product, String version, String clusterName) {

  public int majorVersion() {
    return Integer.parseInt(version.replaceAll("^(\\d+).*$", "$1"));
  }
}
