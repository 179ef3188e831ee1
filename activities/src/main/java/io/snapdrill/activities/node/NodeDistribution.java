package io.snapdrill.activities.node;

import io.snapdrill.activities.config.Product;
import java.util.Objects;

/**
 * An Elasticsearch or OpenSearch integ-test-zip on Maven Central. These zips carry no JDK and no
 * plugins beyond transport, security and core: enough for {@code fs} snapshot repositories.
 */
public record NodeDistribution(Product product, String version) {

  /** The versions the build resolves into ~/.m2 (activities/pom.xml) and the tests run. */
  public static final NodeDistribution ELASTICSEARCH_8 = new NodeDistribution(Product.ELASTICSEARCH, "8.19.21");

  public static final NodeDistribution OPENSEARCH_2 = new NodeDistribution(Product.OPENSEARCH, "2.19.3");

  public static final NodeDistribution ELASTICSEARCH_7 = new NodeDistribution(Product.ELASTICSEARCH, "7.17.29");

  public NodeDistribution {
    Objects.requireNonNull(product, "product");
    if (version == null || !version.matches("\\d+\\.\\d+\\.\\d+")) {
      throw new IllegalArgumentException("distribution version must look like 8.19.21, not " + version);
    }
  }

  public static NodeDistribution of(Product product, String version) {
    return new NodeDistribution(product, version);
  }

  public int majorVersion() {
    return Integer.parseInt(version.substring(0, version.indexOf('.')));
  }

  public String groupId() {
    return product == Product.ELASTICSEARCH
        ? "org.elasticsearch.distribution.integ-test-zip"
        : "org.opensearch.distribution.integ-test-zip";
  }

  public String artifactId() {
    return product == Product.ELASTICSEARCH ? "elasticsearch" : "opensearch";
  }

  /** Path of the zip inside a Maven repository layout. */
  public String repositoryPath() {
    return groupId().replace('.', '/') + "/" + artifactId() + "/" + version + "/" + zipFileName();
  }

  public String zipFileName() {
    return artifactId() + "-" + version + ".zip";
  }

  /** The single top-level directory inside the zip. */
  public String homeDirectoryName() {
    return artifactId() + "-" + version;
  }

  String startScript() {
    return "bin/" + artifactId();
  }

  /** Environment variable prefix of the start scripts: {@code ES_JAVA_HOME}, {@code OPENSEARCH_JAVA_HOME}. */
  String envPrefix() {
    return product == Product.ELASTICSEARCH ? "ES_" : "OPENSEARCH_";
  }

  @Override
  public String toString() {
    return artifactId() + " " + version;
  }
}
