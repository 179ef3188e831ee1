package io.snapdrill.activities.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The source cluster's snapshot repository: its name, and how {@code snapdrill repository ensure}
 * registers it. In YAML {@code repository:} is the name alone ({@code repository: s3-backups}) or a
 * mapping with the name and these settings. Bucket, base path and region are {@code storage.primary}'s.
 *
 * @param type s3 (default) or fs (a directory every node shares; its {@code location} must be in
 *     the nodes' {@code path.repo})
 * @param roleArn Amazon OpenSearch Service / Elasticsearch Service ({@code auth.type: sigv4}): the role the
 *     domain assumes to reach the bucket, sent as {@code role_arn}; the signing principal needs
 *     {@code iam:PassRole} on it
 * @param client self-managed clusters: the repository-s3 client whose node settings
 *     ({@code s3.client.<client>.*}) hold region, endpoint and credentials; null means {@code default}
 * @param readonly register with {@code readonly: true}: for a cluster that must not write to the
 *     repository (only one cluster may write to a repository; a drill of a read-only cluster cannot
 *     take its own snapshot and runs on existing ones, {@code drill --snapshot})
 * @param location type fs: the directory
 */
public record RepositorySettings(
    String name, RepositoryType type, String roleArn, String client, boolean readonly, String location) {

  public RepositorySettings {
    type = type != null ? type : RepositoryType.S3;
    roleArn = blankToNull(roleArn);
    client = blankToNull(client);
    location = blankToNull(location);
  }

  /** {@code repository: NAME}: an s3 repository with every default. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static RepositorySettings named(String name) {
    return new RepositorySettings(name, null, null, null, false, null);
  }

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  static RepositorySettings fromYaml(
      @JsonProperty("name") String name,
      @JsonProperty("type") RepositoryType type,
      @JsonProperty("roleArn") String roleArn,
      @JsonProperty("client") String client,
      @JsonProperty("readonly") boolean readonly,
      @JsonProperty("location") String location) {
    return new RepositorySettings(name, type, roleArn, client, readonly, location);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
