package io.snapdrill.activities.config;

import java.util.Locale;

/**
 * Marks a configured cluster as a standing restore target: {@code snapdrill restore --to NAME} restores
 * other clusters' snapshots onto it (a failover). Only a cluster with this block may be a target, so a
 * typo in {@code --to} cannot restore onto a production cluster that was never meant to receive one.
 *
 * @param replicaRepository how the target reads a source's replica: {@code s3} (default), the source's
 *     {@code storage.replica} bucket through the target's S3 client {@code client}; or {@code fs}, a
 *     directory holding a copy of the replica at {@code location} (in the target nodes' {@code path.repo})
 * @param location the directory for {@code fs}; must not be set for {@code s3}
 * @param client the target's repository-s3 client for {@code s3} ({@code default} when not set)
 */
public record RestoreTargetConfig(String replicaRepository, String location, String client) {

  public static final String S3 = "s3";
  public static final String FS = "fs";

  public RestoreTargetConfig {
    replicaRepository = replicaRepository == null || replicaRepository.isBlank()
        ? S3 : replicaRepository.strip().toLowerCase(Locale.ROOT);
    client = client == null || client.isBlank() ? "default" : client.strip();
  }

  public boolean fs() {
    return FS.equals(replicaRepository);
  }
}
