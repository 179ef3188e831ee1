package io.snapdrill.activities.cluster;

import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.RepositorySettings;
import io.snapdrill.activities.config.RepositoryType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The source cluster's repository as {@code snapdrill repository ensure} registers it, from the cluster's
 * configuration. Settings are strings because that is how Elasticsearch and OpenSearch answer
 * {@code GET _snapshot/NAME}, so what is registered and what is configured compare as they are.
 *
 * <ul>
 *   <li>Amazon OpenSearch Service / Elasticsearch Service (SigV4): {@code s3} with bucket, base_path,
 *       region and {@code role_arn}, the role the domain assumes to reach the bucket (AWS, "Registering
 *       a manual snapshot repository").
 *   <li>Self-managed: {@code s3} with bucket, base_path and, when configured, the repository-s3
 *       {@code client}; region, endpoint and credentials are that client's node settings
 *       ({@link #clientSettings}), which no REST call can set.
 *   <li>{@code fs}: the configured directory.
 * </ul>
 *
 * @param nodeSettings self-managed s3 only: the node settings the client needs (empty otherwise)
 */
public record RepositoryRegistration(String name, String type, Map<String, String> settings, Map<String, String> nodeSettings) {

  public RepositoryRegistration {
    settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    nodeSettings = Collections.unmodifiableMap(new LinkedHashMap<>(nodeSettings));
  }

  /**
   * What the configuration asks for.
   *
   * @throws IllegalArgumentException naming the field when the configuration cannot say it (an
   *     Amazon-managed domain without {@code repository.roleArn})
   */
  public static RepositoryRegistration of(ClusterConfig cluster, String field) {
    RepositorySettings r = cluster.repositorySettings();
    Map<String, String> settings = new LinkedHashMap<>();
    if (r.type() == RepositoryType.FS) {
      settings.put("location", r.location());
      readonly(r, settings);
      return new RepositoryRegistration(r.name(), "fs", settings, Map.of());
    }
    BucketConfig primary = cluster.storage().primary();
    settings.put("bucket", primary.bucket());
    if (!primary.prefix().isEmpty()) {
      settings.put("base_path", primary.prefix());
    }
    if (cluster.amazonManaged()) {
      if (r.roleArn() == null) {
        throw new IllegalArgumentException(field + ".repository.roleArn: required to register the repository of cluster '"
            + cluster.name() + "', an Amazon OpenSearch Service domain (auth.type sigv4): the ARN of the role the domain"
            + " assumes to reach s3://" + primary.bucket() + "/ (infra-terraform: snapshot_writer_role_arns)");
      }
      settings.put("region", primary.region());
      settings.put("role_arn", r.roleArn());
      readonly(r, settings);
      return new RepositoryRegistration(r.name(), "s3", settings, Map.of());
    }
    if (r.client() != null) {
      settings.put("client", r.client());
    }
    readonly(r, settings);
    return new RepositoryRegistration(r.name(), "s3", settings, clientSettings(r.client() == null ? "default" : r.client(), primary));
  }

  /** The repository-s3 client's node settings (elasticsearch.yml / opensearch.yml) for the primary bucket. */
  static Map<String, String> clientSettings(String client, BucketConfig primary) {
    Map<String, String> node = new LinkedHashMap<>();
    node.put("s3.client." + client + ".region", primary.region());
    if (primary.endpoint() != null && !primary.endpoint().isBlank()) {
      node.put("s3.client." + client + ".endpoint", primary.endpoint());
    }
    if (primary.pathStyle()) {
      node.put("s3.client." + client + ".path_style_access", "true");
    }
    return node;
  }

  private static void readonly(RepositorySettings r, Map<String, String> settings) {
    if (r.readonly()) {
      settings.put("readonly", "true");
    }
  }

  /** The body of {@code PUT _snapshot/NAME}. */
  public Map<String, Object> body() {
    return Map.of("type", type, "settings", settings);
  }

  public boolean readonly() {
    return "true".equals(settings.get("readonly"));
  }
}
