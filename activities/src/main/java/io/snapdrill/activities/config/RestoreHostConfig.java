package io.snapdrill.activities.config;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;

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
    String workDirectory) {

  public static RestoreHostConfig local() {
    return new RestoreHostConfig(HostProvider.LOCAL, null, List.of(), List.of(), List.of(), null, null, null,
        null, false, Duration.ofHours(12), null);
  }

  public RestoreHostConfig {
    instanceTypes = instanceTypes == null ? List.of() : List.copyOf(instanceTypes);
    subnets = subnets == null ? List.of() : List.copyOf(subnets);
    securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
    ttl = ttl != null ? ttl : Duration.ofHours(12);
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
