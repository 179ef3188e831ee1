package io.snapdrill.activities.config;

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
    @Valid RestoreTargetConfig restoreTarget) {

  /** A cluster that is no restore target. */
  public ClusterConfig(String name, Product product, String endpoint, AuthConfig auth, TlsConfig tls, String repository,
      SnapshotConfig snapshot, StorageConfig storage, RestoreConfig restore, List<VerificationSpec> verification) {
    this(name, product, endpoint, auth, tls, repository, snapshot, storage, restore, verification, null);
  }

  public ClusterConfig {
    auth = auth != null ? auth : AuthConfig.NONE;
    snapshot = snapshot != null ? snapshot : SnapshotConfig.DEFAULTS;
    restore = restore != null ? restore : RestoreConfig.DEFAULTS;
    verification = verification == null ? List.of() : List.copyOf(verification);
  }
}
