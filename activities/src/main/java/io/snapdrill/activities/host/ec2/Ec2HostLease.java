package io.snapdrill.activities.host.ec2;

import io.snapdrill.activities.aws.AwsClientSettings;
import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.config.ClusterDirectory;
import io.snapdrill.activities.config.RestoreHostConfig.Ec2Settings;
import io.snapdrill.activities.host.RestoreHostLease;
import io.snapdrill.model.RestoreHost;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Moves a restore host's {@code snapdrill:expires-at} to one TTL from now, at most every quarter TTL per
 * host: a restore polled every few seconds costs one CreateTags every few hours. A refused or failed
 * write is logged, never fatal: the janitor keeps the host of a running drill anyway.
 */
public final class Ec2HostLease implements RestoreHostLease {
  private static final Logger log = LoggerFactory.getLogger(Ec2HostLease.class);

  private final ClusterDirectory clusters;
  private final AwsClients aws;
  private final Clock clock;
  private final Map<String, Instant> renewedAt = new ConcurrentHashMap<>();

  public Ec2HostLease(ClusterDirectory clusters, AwsClients aws) {
    this(clusters, aws, Clock.systemUTC());
  }

  Ec2HostLease(ClusterDirectory clusters, AwsClients aws, Clock clock) {
    this.clusters = clusters;
    this.aws = aws;
    this.clock = clock;
  }

  @Override
  public void renew(RestoreHost host) {
    if (host == null || host.hostId() == null || !"ec2".equalsIgnoreCase(host.provider())) {
      return;
    }
    Ec2Settings config = Ec2RestoreHostActivities.ec2Config(clusters);
    Instant now = clock.instant();
    Instant last = renewedAt.get(host.hostId());
    if (last != null && now.isBefore(last.plus(config.ttl().dividedBy(4)))) {
      return;
    }
    Instant expiresAt = now.plus(config.ttl()).truncatedTo(ChronoUnit.SECONDS);
    try {
      aws.ec2(AwsClientSettings.region(config.region())).createTags(r -> r.resources(host.hostId())
          .tags(Tag.builder().key(RestoreHostTags.EXPIRES_AT).value(expiresAt.toString()).build()));
      renewedAt.put(host.hostId(), now);
      log.info("restore host {}: {} moved to {} (the restore is making progress)", host.hostId(),
          RestoreHostTags.EXPIRES_AT, expiresAt);
    } catch (SdkException e) {
      // Retried at the next sign of progress after a quarter TTL, not at every poll.
      renewedAt.put(host.hostId(), now);
      log.warn("restore host {}: could not move {} to {}: {}", host.hostId(), RestoreHostTags.EXPIRES_AT, expiresAt,
          e.getMessage());
    }
  }
}
