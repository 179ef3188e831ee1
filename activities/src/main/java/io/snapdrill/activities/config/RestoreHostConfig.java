package io.snapdrill.activities.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where restores run.
 *
 * @param provider ec2 (spot instance in the DR region) or local (a node on this machine)
 * @param region the DR region
 * @param instanceTypes tried in order on capacity errors, each across {@code subnets}
 * @param amiSsmParameter SSM public parameter of the AMI (used when {@code amiId} is absent)
 * @param onDemandFallback launch on-demand when every spot attempt failed
 * @param ttl the janitor terminates hosts older than this
 * @param workDirectory local provider: where nodes and repositories live
 * @param rootVolumeGiB size of the host's root EBS volume (gp3, encrypted, deleted with the host), which
 *     holds the restored indices: at least the snapshot's size plus room for Elasticsearch's disk
 *     watermarks (it stops allocating shards above 85% used)
 * @param onDemandPricePerHourUsd the on-demand price of each instance type, for the drill's cost estimate
 *     when the host falls back to on-demand (spot prices are asked of EC2)
 */
public record RestoreHostConfig(
    @NotNull HostProvider provider,
    String region,
    List<String> instanceTypes,
    List<String> subnets,
    List<String> securityGroups,
    String instanceProfile,
    String amiId,
    String amiSsmParameter,
    String keyName,
    boolean onDemandFallback,
    Duration ttl,
    String workDirectory,
    Integer rootVolumeGiB,
    Map<String, Double> onDemandPricePerHourUsd) {

  /** Room for a mid-sized snapshot; large clusters set their own. */
  public static final int DEFAULT_ROOT_VOLUME_GIB = 100;
  /** The Amazon Linux 2023 AMI's root snapshot is 8 GiB: EC2 refuses a smaller root volume. */
  public static final int MIN_ROOT_VOLUME_GIB = 8;
  /** The largest gp3 volume. */
  public static final int MAX_ROOT_VOLUME_GIB = 16_384;

  /** Default root volume, no on-demand prices. */
  public RestoreHostConfig(HostProvider provider, String region, List<String> instanceTypes, List<String> subnets,
      List<String> securityGroups, String instanceProfile, String amiId, String amiSsmParameter, String keyName,
      boolean onDemandFallback, Duration ttl, String workDirectory) {
    this(provider, region, instanceTypes, subnets, securityGroups, instanceProfile, amiId, amiSsmParameter, keyName,
        onDemandFallback, ttl, workDirectory, null, null);
  }

  public static RestoreHostConfig local() {
    return new RestoreHostConfig(HostProvider.LOCAL, null, List.of(), List.of(), List.of(), null, null, null,
        null, false, Duration.ofHours(12), null, null, null);
  }

  public RestoreHostConfig {
    instanceTypes = instanceTypes == null ? List.of() : List.copyOf(instanceTypes);
    subnets = subnets == null ? List.of() : List.copyOf(subnets);
    securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
    ttl = ttl != null ? ttl : Duration.ofHours(12);
    rootVolumeGiB = rootVolumeGiB != null ? rootVolumeGiB : DEFAULT_ROOT_VOLUME_GIB;
    // LinkedHashMap, not Map.copyOf: keeps the file's order for messages, and tolerates a null price
    // so validation can name it instead of failing here.
    onDemandPricePerHourUsd = onDemandPricePerHourUsd == null
        ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(onDemandPricePerHourUsd));
  }

  public enum HostProvider {
    EC2,
    LOCAL;

    @com.fasterxml.jackson.annotation.JsonCreator
    public static HostProvider of(String v) {
      return valueOf(v.trim().toUpperCase(java.util.Locale.ROOT));
    }
  }
}
