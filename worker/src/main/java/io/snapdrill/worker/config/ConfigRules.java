package io.snapdrill.worker.config;

import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.RepositorySettings;
import io.snapdrill.activities.config.RepositoryType;
import io.snapdrill.activities.config.RestoreHostConfig;
import io.snapdrill.activities.config.RestoreHostConfig.Ec2Settings;
import io.snapdrill.activities.config.RestoreHostProvider;
import io.snapdrill.activities.config.RestoreTargetConfig;
import io.snapdrill.activities.config.SecretRef;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.VerificationSpec;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Rules that span fields, which annotations cannot say. Each problem names its field path. */
final class ConfigRules {
  /**
   * An IAM role ARN in any partition (aws, aws-cn, aws-us-gov, ...), with an optional path: caught here,
   * it is a line at start-up instead of an STS ValidationError in the middle of a drill's healing.
   */
  private static final Pattern IAM_ROLE_ARN =
      Pattern.compile("arn:aws(-[a-z]+)*:iam::\\d{12}:role/([\\w+=,.@-]+/)*[\\w+=,.@-]{1,64}");

  private ConfigRules() {}

  static List<String> check(SnapdrillConfig config) {
    List<String> problems = new ArrayList<>();
    Map<String, Integer> names = new HashMap<>();
    for (int i = 0; i < config.clusters().size(); i++) {
      ClusterConfig c = config.clusters().get(i);
      String at = "clusters[" + i + "]";
      if (c == null) {
        problems.add(at + ": empty entry");
        continue;
      }
      if (c.name() != null) {
        Integer first = names.putIfAbsent(c.name(), i);
        if (first != null) {
          problems.add(at + ".name: '" + c.name() + "' is already the name of clusters[" + first + "]");
        }
      }
      if (c.endpoint() != null && !c.endpoint().isBlank() && !isHttpUrl(c.endpoint())) {
        problems.add(at + ".endpoint: '" + c.endpoint() + "' is not an http:// or https:// URL");
      }
      checkAuth(at + ".auth", c.auth(), problems);
      checkRepository(at + ".repository", c, problems);
      if (c.storage() != null && c.storage().primary() != null && c.storage().replica() != null
          && c.storage().primary().bucket() != null
          && c.storage().primary().bucket().equals(c.storage().replica().bucket())
          && String.valueOf(c.storage().primary().endpoint()).equals(String.valueOf(c.storage().replica().endpoint()))) {
        problems.add(at + ".storage.replica.bucket: is the primary bucket itself; a restore from the"
            + " primary proves nothing about the DR copy");
      }
      if (c.storage() != null && c.storage().healRoleArn() != null
          && !IAM_ROLE_ARN.matcher(c.storage().healRoleArn()).matches()) {
        problems.add(at + ".storage.healRoleArn: '" + c.storage().healRoleArn() + "' is not an IAM role ARN"
            + " (arn:<partition>:iam::<12-digit account>:role/<optional path/>name)");
      }
      for (int v = 0; v < c.verification().size(); v++) {
        checkVerification(at + ".verification[" + v + "]", c.verification().get(v), problems);
      }
      checkRestoreTarget(at + ".restoreTarget", c.restoreTarget(), problems);
    }
    checkRestoreHost("restoreHost", config.restoreHost(), problems);
    positive("drill.replicationDeadline", config.drill().replicationDeadline(), problems);
    positive("drill.replicationFirstBackoff", config.drill().replicationFirstBackoff(), problems);
    positive("drill.replicationMaxBackoff", config.drill().replicationMaxBackoff(), problems);
    positive("drill.healDecisionDeadline", config.drill().healDecisionDeadline(), problems);
    if (config.drill().maxHostReplacements() != null && config.drill().maxHostReplacements() < 0) {
      problems.add("drill.maxHostReplacements: must be 0 or more");
    }
    OperationsConfigRules.check(config, problems);
    return problems;
  }

  private static void checkAuth(String at, AuthConfig auth, List<String> problems) {
    if (auth == null || auth.type() == null) {
      return;
    }
    switch (auth.type()) {
      case BASIC -> {
        if (auth.username() == null || auth.username().isBlank()) {
          problems.add(at + ".username: required for basic auth");
        }
        secret(at + ".password", auth.password(), "basic auth", problems);
      }
      case API_KEY -> secret(at + ".apiKey", auth.apiKey(), "api-key auth", problems);
      case BEARER -> secret(at + ".token", auth.token(), "bearer auth", problems);
      case SIGV4 -> {
        if (auth.region() == null || auth.region().isBlank()) {
          problems.add(at + ".region: required for sigv4 auth");
        }
      }
      case NONE -> { }
    }
  }

  /**
   * How {@code repository ensure} registers the repository: an Amazon-managed domain (sigv4) takes an
   * s3 repository with the role it assumes, a self-managed cluster names its repository-s3 client or
   * an fs directory. A roleArn is only checked here when given: drills need none.
   */
  private static void checkRepository(String at, ClusterConfig c, List<String> problems) {
    RepositorySettings r = c.repositorySettings();
    if (r == null) {
      return;
    }
    if (r.roleArn() != null) {
      if (!IAM_ROLE_ARN.matcher(r.roleArn()).matches()) {
        problems.add(at + ".roleArn: '" + r.roleArn() + "' is not an IAM role ARN"
            + " (arn:<partition>:iam::<12-digit account>:role/<optional path/>name)");
      } else if (!c.amazonManaged()) {
        problems.add(at + ".roleArn: only for Amazon OpenSearch Service domains (auth.type sigv4), which assume it to"
            + " reach the bucket; a self-managed cluster's nodes use their repository-s3 client's credentials");
      }
    }
    if (c.amazonManaged() && r.client() != null) {
      problems.add(at + ".client: Amazon OpenSearch Service domains have no repository-s3 clients; give roleArn");
    }
    if (c.amazonManaged() && r.type() == RepositoryType.FS) {
      problems.add(at + ".type: Amazon OpenSearch Service domains register s3 repositories only");
    }
    if (r.type() == RepositoryType.FS && r.location() == null) {
      problems.add(at + ".location: required for type fs (a directory in every node's path.repo)");
    }
    if (r.type() != RepositoryType.FS && r.location() != null) {
      problems.add(at + ".location: only for type fs; an s3 repository lies in storage.primary's bucket and prefix");
    }
  }

  private static void secret(String at, SecretRef ref, String what, List<String> problems) {
    if (ref == null) {
      problems.add(at + ": required for " + what + " (as {env: NAME} or {file: /path})");
    } else if (ref.env() != null && ref.file() != null) {
      problems.add(at + ": give env or file, not both");
    } else if (ref.env() == null && ref.file() == null && (ref.value() == null || ref.value().isEmpty())) {
      problems.add(at + ": empty");
    }
  }

  /** A standing restore target: how it reads a source's replica ({@code snapdrill restore --to}). */
  private static void checkRestoreTarget(String at, RestoreTargetConfig target, List<String> problems) {
    if (target == null) {
      return;
    }
    if (!RestoreTargetConfig.S3.equals(target.replicaRepository()) && !RestoreTargetConfig.FS.equals(target.replicaRepository())) {
      problems.add(at + ".replicaRepository: '" + target.replicaRepository() + "' is neither s3 (the source's replica bucket)"
          + " nor fs (a directory holding a copy of it)");
      return;
    }
    if (target.fs() && (target.location() == null || target.location().isBlank())) {
      problems.add(at + ".location: required with replicaRepository fs (the directory, in the target nodes' path.repo,"
          + " holding a copy of the replica)");
    } else if (target.fs() && !target.location().startsWith("/")) {
      problems.add(at + ".location: '" + target.location() + "' must be an absolute path, as the target's nodes read it");
    }
    if (!target.fs() && target.location() != null) {
      problems.add(at + ".location: only with replicaRepository fs; with s3 the target reads the source's storage.replica");
    }
  }

  private static void checkVerification(String at, VerificationSpec spec, List<String> problems) {
    if (spec == null || spec.documentCount() == null) {
      return;
    }
    switch (spec.documentCount()) {
      case TOLERANCE -> {
        if (spec.tolerancePercent() == null || spec.tolerancePercent() < 0) {
          problems.add(at + ".tolerancePercent: required (0 or more) when documentCount is tolerance");
        }
      }
      case MINIMUM -> {
        if (spec.minimumDocuments() == null || spec.minimumDocuments() < 0) {
          problems.add(at + ".minimumDocuments: required (0 or more) when documentCount is minimum");
        }
      }
      case EXACT -> { }
    }
    if (spec.clusterHealth() != null && !List.of("green", "yellow").contains(spec.clusterHealth())) {
      problems.add(at + ".clusterHealth: '" + spec.clusterHealth() + "' is not green or yellow");
    }
    if (spec.queries() != null) {
      for (int q = 0; q < spec.queries().size(); q++) {
        VerificationSpec.QueryCheck query = spec.queries().get(q);
        if (query != null && query.minHits() != null && query.maxHits() != null && query.minHits() > query.maxHits()) {
          problems.add(at + ".queries[" + q + "]: minHits is greater than maxHits");
        }
      }
    }
  }

  private static void checkRestoreHost(String at, RestoreHostConfig restoreHost, List<String> problems) {
    if (restoreHost.provider() != RestoreHostProvider.EC2) {
      return;
    }
    // The EC2 settings are flat keys under restoreHost in YAML, so their paths name no "ec2".
    Ec2Settings host = restoreHost.ec2();
    if (host.region() == null || host.region().isBlank()) {
      problems.add(at + ".region: required for provider ec2 (the DR region)");
    }
    if (host.instanceTypes().isEmpty()) {
      problems.add(at + ".instanceTypes: required for provider ec2 (tried in order)");
    }
    if (host.subnets().isEmpty()) {
      problems.add(at + ".subnets: required for provider ec2 (one per availability zone to try)");
    }
    if (host.amiId() == null && host.amiSsmParameter() == null) {
      problems.add(at + ": give amiId or amiSsmParameter for provider ec2");
    }
    positive(at + ".ttl", host.ttl(), problems);
    if (host.hardCap().compareTo(host.ttl()) <= 0) {
      problems.add(at + ".hardCap: " + host.hardCap() + " must be longer than " + at + ".ttl " + host.ttl()
          + " (the janitor terminates a host of a running drill only at the hard cap)");
    }
    if (host.rootVolumeGiB() < Ec2Settings.MIN_ROOT_VOLUME_GIB
        || host.rootVolumeGiB() > Ec2Settings.MAX_ROOT_VOLUME_GIB) {
      problems.add(at + ".rootVolumeGiB: " + host.rootVolumeGiB() + " is not between "
          + Ec2Settings.MIN_ROOT_VOLUME_GIB + " (the AMI's own size) and " + Ec2Settings.MAX_ROOT_VOLUME_GIB
          + " (the largest gp3 volume)");
    }
    host.onDemandPricePerHourUsd().forEach((type, price) -> {
      String field = at + ".onDemandPricePerHourUsd[" + type + "]";
      if (!host.instanceTypes().contains(type)) {
        problems.add(field + ": " + type + " is not one of " + at + ".instanceTypes " + host.instanceTypes());
      }
      if (price == null || !(price > 0) || price.isInfinite()) {
        problems.add(field + ": must be a price in USD per hour greater than zero");
      }
    });
  }

  private static void positive(String at, Duration d, List<String> problems) {
    if (d != null && (d.isNegative() || d.isZero())) {
      problems.add(at + ": must be longer than zero");
    }
  }

  private static boolean isHttpUrl(String s) {
    try {
      URI uri = URI.create(s);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
