package io.snapdrill.activities.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * One source cluster and its snapshot repository.
 *
 * @param name stable name used in workflow ids, search attributes and reports
 * @param repository the snapshot repository's name on the source cluster
 * @param repositorySettings how {@code snapdrill repository ensure} registers that repository; in YAML
 *     both come from {@code repository:} (a name, or a mapping with {@code name}), see {@link #fromYaml}
 * @param restoreTarget set when other clusters' snapshots may be restored onto this one
 *     ({@code snapdrill restore --to}); null when it is no restore target
 */
public record ClusterConfig(
    @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9_.-]*", message = "lowercase letters, digits, '.', '_' and '-' only") String name,
    @NotNull Product product,
    @NotBlank String endpoint,
    @Valid AuthConfig auth,
    @Valid TlsConfig tls,
    @NotBlank String repository,
    @Valid SnapshotConfig snapshot,
    @NotNull @Valid StorageConfig storage,
    @Valid RestoreConfig restore,
    List<@Valid VerificationSpec> verification,
    RepositorySettings repositorySettings,
    @Valid RestoreTargetConfig restoreTarget) {

  public ClusterConfig {
    auth = auth != null ? auth : AuthConfig.NONE;
    snapshot = snapshot != null ? snapshot : SnapshotConfig.DEFAULTS;
    restore = restore != null ? restore : RestoreConfig.DEFAULTS;
    verification = verification == null ? List.of() : List.copyOf(verification);
    if (repositorySettings == null) {
      repositorySettings = RepositorySettings.named(repository);
    } else if (repository == null) {
      repository = repositorySettings.name();
    }
  }

  /** A cluster whose repository is registered with every default (an s3 repository of that name). */
  public ClusterConfig(String name, Product product, String endpoint, AuthConfig auth, TlsConfig tls, String repository,
      SnapshotConfig snapshot, StorageConfig storage, RestoreConfig restore, List<VerificationSpec> verification) {
    this(name, product, endpoint, auth, tls, repository, snapshot, storage, restore, verification, null, null);
  }

  /** A cluster of snapdrill.yaml: {@code repository} is the name alone or a mapping of {@link RepositorySettings}. */
  @JsonCreator
  static ClusterConfig fromYaml(
      @JsonProperty("name") String name,
      @JsonProperty("product") Product product,
      @JsonProperty("endpoint") String endpoint,
      @JsonProperty("auth") AuthConfig auth,
      @JsonProperty("tls") TlsConfig tls,
      @JsonProperty("repository") RepositorySettings repository,
      @JsonProperty("snapshot") SnapshotConfig snapshot,
      @JsonProperty("storage") StorageConfig storage,
      @JsonProperty("restore") RestoreConfig restore,
      @JsonProperty("verification") List<VerificationSpec> verification,
      @JsonProperty("restoreTarget") RestoreTargetConfig restoreTarget) {
    return new ClusterConfig(name, product, endpoint, auth, tls, repository == null ? null : repository.name(), snapshot,
        storage, restore, verification, repository, restoreTarget);
  }

  /** Amazon OpenSearch Service or Amazon Elasticsearch Service: requests are signed with SigV4. */
  public boolean amazonManaged() {
    return auth.type() == AuthType.SIGV4;
  }
}
