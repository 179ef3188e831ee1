package io.snapdrill.activities.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where restores run: the provider and each provider's own settings. In YAML the settings are flat
 * keys under {@code restoreHost:} (as they have always been written), see {@link #fromYaml}.
 *
 * @param provider ec2 (spot instance in the DR region) or local (a node on this machine)
 */
public record RestoreHostConfig(@NotNull RestoreHostProvider provider, Ec2Settings ec2, LocalSettings local) {

  public RestoreHostConfig {
    ec2 = ec2 != null ? ec2 : new Ec2Settings(null, null, null, null, null, null, null, null, false, null, null, null, null);
    local = local != null ? local : new LocalSettings(null);
  }

  /** Restore hosts on EC2. */
  public static RestoreHostConfig onEc2(Ec2Settings settings) {
    return new RestoreHostConfig(RestoreHostProvider.EC2, settings, null);
  }

  /** A local node, in the launcher's default work directory. */
  public static RestoreHostConfig localMode() {
    return localMode(null);
  }

  /** A local node whose nodes and repositories live under {@code workDirectory}. */
  public static RestoreHostConfig localMode(String workDirectory) {
    return new RestoreHostConfig(RestoreHostProvider.LOCAL, null, new LocalSettings(workDirectory));
  }

  /** The flat {@code restoreHost:} mapping of snapdrill.yaml; unknown keys stay errors naming the key. */
  @JsonCreator
  static RestoreHostConfig fromYaml(
      @JsonProperty("provider") RestoreHostProvider provider,
      @JsonProperty("region") String region,
      @JsonProperty("instanceTypes") List<String> instanceTypes,
      @JsonProperty("subnets") List<String> subnets,
      @JsonProperty("securityGroups") List<String> securityGroups,
      @JsonProperty("instanceProfile") String instanceProfile,
      @JsonProperty("amiId") String amiId,
      @JsonProperty("amiSsmParameter") String amiSsmParameter,
      @JsonProperty("keyName") String keyName,
      @JsonProperty("onDemandFallback") boolean onDemandFallback,
      @JsonProperty("ttl") Duration ttl,
      @JsonProperty("hardCap") Duration hardCap,
      @JsonProperty("rootVolumeGiB") Integer rootVolumeGiB,
      @JsonProperty("onDemandPricePerHourUsd") Map<String, Double> onDemandPricePerHourUsd,
      @JsonProperty("workDirectory") String workDirectory) {
    return new RestoreHostConfig(provider,
        new Ec2Settings(region, instanceTypes, subnets, securityGroups, instanceProfile, amiId, amiSsmParameter, keyName,
            onDemandFallback, ttl, hardCap, rootVolumeGiB, onDemandPricePerHourUsd),
        new LocalSettings(workDirectory));
  }

  /**
   * A spot (or on-demand) instance in the DR region.
   *
   * @param region the DR region
   * @param instanceTypes tried in order on capacity errors, each across {@code subnets}
   * @param amiSsmParameter SSM public parameter of the AMI (used when {@code amiId} is absent)
   * @param onDemandFallback launch on-demand when every spot attempt failed
   * @param ttl how long a host is expected to live: written as its {@code snapdrill:expires-at} tag, which the
   *     restore pushes forward while it makes progress; the janitor terminates an expired host once its
   *     drill is no longer running
   * @param hardCap the janitor terminates a host this long after launch even if its drill still runs: far
   *     above any restore, a bound on what a stuck drill can cost
   * @param rootVolumeGiB size of the host's root EBS volume (gp3, encrypted, deleted with the host), which
   *     holds the restored indices: at least the snapshot's size plus room for Elasticsearch's disk
   *     watermarks (it stops allocating shards above 85% used)
   * @param onDemandPricePerHourUsd the on-demand price of each instance type, for the drill's cost estimate
   *     when the host falls back to on-demand (spot prices are asked of EC2)
   */
  public record Ec2Settings(
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
      Duration hardCap,
      Integer rootVolumeGiB,
      Map<String, Double> onDemandPricePerHourUsd) {

    /** Three days: a restore's 12 h budget, its retries and a host replacement, with room to spare. */
    public static final Duration DEFAULT_HARD_CAP = Duration.ofHours(72);

    /** Room for a mid-sized snapshot; large clusters set their own. */
    public static final int DEFAULT_ROOT_VOLUME_GIB = 100;
    /** The Amazon Linux 2023 AMI's root snapshot is 8 GiB: EC2 refuses a smaller root volume. */
    public static final int MIN_ROOT_VOLUME_GIB = 8;
    /** The largest gp3 volume. */
    public static final int MAX_ROOT_VOLUME_GIB = 16_384;

    public Ec2Settings {
      instanceTypes = instanceTypes == null ? List.of() : List.copyOf(instanceTypes);
      subnets = subnets == null ? List.of() : List.copyOf(subnets);
      securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
      ttl = ttl != null ? ttl : Duration.ofHours(12);
      hardCap = hardCap != null ? hardCap : DEFAULT_HARD_CAP;
      rootVolumeGiB = rootVolumeGiB != null ? rootVolumeGiB : DEFAULT_ROOT_VOLUME_GIB;
      // LinkedHashMap, not Map.copyOf: keeps the file's order for messages, and tolerates a null price
      // so validation can name it instead of failing here.
      onDemandPricePerHourUsd = onDemandPricePerHourUsd == null
          ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(onDemandPricePerHourUsd));
    }
  }

  /** @param workDirectory where nodes and repositories live (null: the launcher's default) */
  public record LocalSettings(String workDirectory) {}
}
