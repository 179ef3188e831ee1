package io.snapdrill.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.config.AuthType;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RepositorySettings;
import io.snapdrill.activities.config.RepositoryType;
import io.snapdrill.activities.config.RestoreHostProvider;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.HealPolicy;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

  static final String VALID = """
      clusters:
        - name: logs-prod
          product: elasticsearch
          endpoint: https://logs.example.com:9200
          auth:
            type: basic
            username: snapdrill
            password: {env: LOGS_PASSWORD}
          repository: s3-backups
          storage:
            primary: {bucket: logs-snapshots, prefix: prod/logs, region: us-east-1}
            replica: {bucket: logs-snapshots-dr, prefix: prod/logs, region: us-west-2}
          verification:
            - indices: "logs-*"
              documentCount: tolerance
              tolerancePercent: 0.5
        - name: search
          product: opensearch
          endpoint: https://search.example.com
          auth: {type: sigv4, region: us-east-1}
          repository: snapshots
          storage:
            primary: {bucket: search-snapshots, region: us-east-1}
            replica: {bucket: search-snapshots-dr, region: us-west-2}
      restoreHost:
        provider: ec2
        region: us-west-2
        instanceTypes: [r6i.large, r5.large]
        subnets: [subnet-a, subnet-b]
        amiSsmParameter: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
        ttl: 12h
      drill:
        heal: ask
        replicationDeadline: 6h
        healDecisionDeadline: 30m
      """;

  @Test
  void validConfigLoadsWithDefaults() {
    SnapdrillConfig config = ConfigLoader.parse("snapdrill.yaml", VALID);

    assertThat(config.clusters()).hasSize(2);
    assertThat(config.clusters().get(0).product()).isEqualTo(Product.ELASTICSEARCH);
    assertThat(config.clusters().get(0).auth().type()).isEqualTo(AuthType.BASIC);
    assertThat(config.clusters().get(0).auth().password().env()).isEqualTo("LOGS_PASSWORD");
    assertThat(config.clusters().get(0).storage().primary().keyPrefix()).isEqualTo("prod/logs/");
    assertThat(config.clusters().get(1).storage().primary().keyPrefix()).isEmpty();
    assertThat(config.clusters().get(1).snapshot().indices()).containsExactly("*");
    assertThat(config.restoreHost().provider()).isEqualTo(RestoreHostProvider.EC2);
    assertThat(config.restoreHost().ec2().rootVolumeGiB()).isEqualTo(100);
    assertThat(config.restoreHost().ec2().hardCap()).isEqualTo(Duration.ofHours(72));
    assertThat(config.restoreHost().ec2().onDemandPricePerHourUsd()).isEmpty();
    assertThat(config.drill().heal()).isEqualTo(HealPolicy.ASK);
    assertThat(config.drill().replicationDeadline()).isEqualTo(Duration.ofHours(6));
    assertThat(config.drill().healDecisionDeadline()).isEqualTo(Duration.ofMinutes(30));
    // what the file leaves out stays unset here: the drill starter fills it in (DrillStarterTest)
    assertThat(config.drill().maxHostReplacements()).isNull();
    assertThat(config.reports().directory()).isEqualTo("snapdrill-reports");
  }

  @Test
  void rootVolumeAndOnDemandPricesAreRead() {
    SnapdrillConfig config = ConfigLoader.parse("snapdrill.yaml", VALID.replace("  ttl: 12h\n",
        "  ttl: 12h\n  rootVolumeGiB: 750\n  onDemandPricePerHourUsd: {r6i.large: 0.126, r5.large: 0.126}\n"));

    assertThat(config.restoreHost().ec2().rootVolumeGiB()).isEqualTo(750);
    assertThat(config.restoreHost().ec2().onDemandPricePerHourUsd()).containsEntry("r6i.large", 0.126).hasSize(2);
  }

  @Test
  void healRoleIsReadAndOptional() {
    SnapdrillConfig config = ConfigLoader.parse("snapdrill.yaml", healRole("arn:aws:iam::123456789012:role/snapdrill-heal"));

    assertThat(config.clusters().get(0).storage().healRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/snapdrill-heal");
    assertThat(config.clusters().get(1).storage().healRoleArn()).as("healing with the worker's own role").isNull();
    assertThat(ConfigLoader.parse("snapdrill.yaml", healRole("arn:aws-us-gov:iam::123456789012:role/ops/snapdrill-heal"))
        .clusters().get(0).storage().healRoleArn()).as("another partition, a role path").endsWith("ops/snapdrill-heal");
  }

  @Test
  void reportObjectLockIsReadAndOptional() {
    SnapdrillConfig config = ConfigLoader.parse("snapdrill.yaml", VALID
        + "reports:\n  s3Bucket: acme-dr-reports\n  objectLock: {mode: compliance, days: 2555}\n");

    assertThat(config.reports().objectLock().mode()).isEqualTo("COMPLIANCE");
    assertThat(config.reports().objectLock().days()).isEqualTo(2555);
    assertThat(ConfigLoader.parse("snapdrill.yaml", VALID).reports().objectLock()).isNull();
  }

  @Test
  void repositoryIsANameOrAMappingOfHowToRegisterIt() {
    SnapdrillConfig plain = ConfigLoader.parse("snapdrill.yaml", VALID);
    assertThat(plain.clusters().get(0).repository()).isEqualTo("s3-backups");
    assertThat(plain.clusters().get(0).repositorySettings())
        .isEqualTo(new RepositorySettings("s3-backups", RepositoryType.S3, null, null, false, null));

    SnapdrillConfig config = ConfigLoader.parse("snapdrill.yaml", VALID
        .replace("repository: s3-backups", "repository: {name: s3-backups, client: backups, readonly: true}")
        .replace("repository: snapshots", "repository:\n      name: snapshots\n"
            + "      roleArn: arn:aws:iam::123456789012:role/snapdrill-search-snapshots"));

    assertThat(config.clusters().get(0).repository()).as("the name every drill uses").isEqualTo("s3-backups");
    assertThat(config.clusters().get(0).repositorySettings())
        .isEqualTo(new RepositorySettings("s3-backups", RepositoryType.S3, null, "backups", true, null));
    assertThat(config.clusters().get(1).repository()).isEqualTo("snapshots");
    assertThat(config.clusters().get(1).repositorySettings().roleArn())
        .isEqualTo("arn:aws:iam::123456789012:role/snapdrill-search-snapshots");
    assertThat(config.clusters().get(1).amazonManaged()).isTrue();
    assertThat(config.clusters().get(0).amazonManaged()).isFalse();
  }

  @Test
  void anFsRepositoryNamesItsDirectory() {
    SnapdrillConfig config = ConfigLoader.parse("snapdrill.yaml",
        VALID.replace("repository: s3-backups", "repository: {name: local, type: fs, location: /mnt/snapshots}"));

    assertThat(config.clusters().get(0).repositorySettings())
        .isEqualTo(new RepositorySettings("local", RepositoryType.FS, null, null, false, "/mnt/snapshots"));
  }

  /** clusters[i]'s repository line becomes {@code repository: MAPPING}. */
  private static String repository(int cluster, String mapping) {
    return VALID.replace(cluster == 0 ? "repository: s3-backups" : "repository: snapshots", "repository: " + mapping);
  }

  /** clusters[0] gets storage.healRoleArn: {@code arn}. */
  private static String healRole(String arn) {
    return VALID.replace("replica: {bucket: logs-snapshots-dr, prefix: prod/logs, region: us-west-2}\n",
        "replica: {bucket: logs-snapshots-dr, prefix: prod/logs, region: us-west-2}\n      healRoleArn: '" + arn + "'\n");
  }

  static Stream<Arguments> brokenConfigs() {
    return Stream.of(
        broken("replica bucket missing",
            VALID.replace("replica: {bucket: search-snapshots-dr, region: us-west-2}", "replica: {region: us-west-2}"),
            "clusters[1].storage.replica.bucket: required"),
        broken("storage missing",
            VALID.replace("    storage:\n      primary: {bucket: search-snapshots, region: us-east-1}\n"
                + "      replica: {bucket: search-snapshots-dr, region: us-west-2}\n", ""),
            "clusters[1].storage: required"),
        broken("no clusters", "clusters: []\n", "clusters: must not be empty"),
        broken("empty file", "", "the file is empty"),
        broken("not yaml", "clusters: [\n", "not valid YAML at line"),
        broken("unknown field (typo)", VALID.replace("repository: s3-backups", "repo: s3-backups"),
            "clusters[0].repo: unknown field"),
        broken("unknown product", VALID.replace("product: opensearch", "product: solr"),
            "clusters[1].product: invalid value; one of elasticsearch, opensearch"),
        broken("unknown auth type", VALID.replace("type: sigv4", "type: kerberos"),
            "clusters[1].auth.type: invalid value; one of none, basic, api-key, bearer, sigv4"),
        broken("basic auth without password", VALID.replace("      password: {env: LOGS_PASSWORD}\n", ""),
            "clusters[0].auth.password: required for basic auth"),
        broken("sigv4 without region", VALID.replace("auth: {type: sigv4, region: us-east-1}", "auth: {type: sigv4}"),
            "clusters[1].auth.region: required for sigv4 auth"),
        broken("duplicate cluster name", VALID.replace("name: search", "name: logs-prod"),
            "clusters[1].name: 'logs-prod' is already the name of clusters[0]"),
        broken("bad cluster name", VALID.replace("name: search", "name: Search Prod"),
            "clusters[1].name: lowercase letters, digits"),
        broken("endpoint not a URL", VALID.replace("https://search.example.com", "search.example.com:9200"),
            "clusters[1].endpoint: 'search.example.com:9200' is not an http:// or https:// URL"),
        broken("replica is the primary", VALID.replace("bucket: logs-snapshots-dr", "bucket: logs-snapshots"),
            "clusters[0].storage.replica.bucket: is the primary bucket itself"),
        broken("bad duration", VALID.replace("replicationDeadline: 6h", "replicationDeadline: six hours"),
            "drill.replicationDeadline: 'six hours' is not a valid duration"),
        broken("tolerance without percent", VALID.replace("        tolerancePercent: 0.5\n", ""),
            "clusters[0].verification[0].tolerancePercent: required (0 or more) when documentCount is tolerance"),
        broken("ec2 without subnets", VALID.replace("  subnets: [subnet-a, subnet-b]\n", ""),
            "restoreHost.subnets: required for provider ec2"),
        broken("ec2 without ami", VALID.replace("  amiSsmParameter: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64\n", ""),
            "restoreHost: give amiId or amiSsmParameter for provider ec2"),
        broken("unknown heal policy", VALID.replace("heal: ask", "heal: sometimes"),
            "drill.heal: 'sometimes' is not a valid healpolicy; one of never, auto, ask"),
        broken("list where a mapping belongs", VALID.replace("restoreHost:\n  provider: ec2", "restoreHost:\n  - provider: ec2"),
            "restoreHost: expected mapping"),
        broken("zero deadline", VALID.replace("replicationDeadline: 6h", "replicationDeadline: 0s"),
            "drill.replicationDeadline: must be longer than zero"),
        broken("root volume larger than gp3 allows", restoreHost("rootVolumeGiB: 20000"),
            "restoreHost.rootVolumeGiB: 20000 is not between 8 (the AMI's own size) and 16384"),
        broken("negative trigger interval", VALID + "triggers:\n  minIntervalPerCluster: -1h\n",
            "triggers.minIntervalPerCluster: '-1h' is not a valid duration"),
        broken("alert webhook in clear text off this machine",
            VALID + "triggers:\n  alertWebhook: {url: 'http://hooks.example.com/T0/B0'}\n",
            "triggers.alertWebhook.url: 'http://hooks.example.com/T0/B0' is plain http off this machine"),
        broken("alert webhook without a url", VALID + "triggers:\n  alertWebhook: {bearerToken: {env: HOOK_TOKEN}}\n",
            "triggers.alertWebhook.url: required"),
        broken("hard cap within the TTL", restoreHost("hardCap: 10h"),
            "restoreHost.hardCap: PT10H must be longer than restoreHost.ttl PT12H"),
        broken("root volume of zero", restoreHost("rootVolumeGiB: 0"),
            "restoreHost.rootVolumeGiB: 0 is not between 8"),
        broken("root volume not a number", restoreHost("rootVolumeGiB: lots"),
            "restoreHost.rootVolumeGiB: "),
        broken("on-demand price of a type not tried", restoreHost("onDemandPricePerHourUsd: {r6i.larg: 0.126}"),
            "restoreHost.onDemandPricePerHourUsd[r6i.larg]: r6i.larg is not one of restoreHost.instanceTypes [r6i.large, r5.large]"),
        broken("negative on-demand price", restoreHost("onDemandPricePerHourUsd: {r5.large: -0.126}"),
            "restoreHost.onDemandPricePerHourUsd[r5.large]: must be a price in USD per hour greater than zero"),
        // restoreHost is flat in YAML but nested in Java: a typo must still be named, not dropped
        broken("unknown restore host field (typo)", restoreHost("instanceProfil: snapdrill-restore-host"),
            "restoreHost.instanceProfil: unknown field"),
        broken("heal role not an ARN", healRole("snapdrill-heal"),
            "clusters[0].storage.healRoleArn: 'snapdrill-heal' is not an IAM role ARN"),
        broken("heal role ARN of a user", healRole("arn:aws:iam::123456789012:user/snapdrill"),
            "clusters[0].storage.healRoleArn: 'arn:aws:iam::123456789012:user/snapdrill' is not an IAM role ARN"),
        broken("heal role ARN without account", healRole("arn:aws:iam:::role/snapdrill-heal"),
            "clusters[0].storage.healRoleArn: "),
        broken("report object lock mode unknown",
            VALID + "reports:\n  s3Bucket: r\n  objectLock: {mode: forever, days: 30}\n",
            "reports.objectLock.mode: must be GOVERNANCE or COMPLIANCE"),
        broken("report object lock without days", VALID + "reports:\n  s3Bucket: r\n  objectLock: {mode: governance}\n",
            "reports.objectLock.days: "),
        broken("role_arn not an IAM role ARN", repository(1, "{name: snapshots, roleArn: TheSnapshotRole}"),
            "clusters[1].repository.roleArn: 'TheSnapshotRole' is not an IAM role ARN"),
        broken("role_arn on a self-managed cluster",
            repository(0, "{name: s3-backups, roleArn: 'arn:aws:iam::123456789012:role/snapshots'}"),
            "clusters[0].repository.roleArn: only for Amazon OpenSearch Service domains (auth.type sigv4)"),
        broken("client on an Amazon-managed domain", repository(1, "{name: snapshots, client: backups}"),
            "clusters[1].repository.client: Amazon OpenSearch Service domains have no repository-s3 clients"),
        broken("fs on an Amazon-managed domain", repository(1, "{name: snapshots, type: fs, location: /mnt/x}"),
            "clusters[1].repository.type: Amazon OpenSearch Service domains register s3 repositories only"),
        broken("fs without a location", repository(0, "{name: local, type: fs}"),
            "clusters[0].repository.location: required for type fs"),
        broken("a location for s3", repository(0, "{name: s3-backups, location: /mnt/x}"),
            "clusters[0].repository.location: only for type fs"),
        broken("unknown repository type", repository(0, "{name: s3-backups, type: hdfs}"),
            "clusters[0].repository.type: invalid value; one of s3, fs"),
        broken("unknown repository field (typo)", repository(0, "{name: s3-backups, readOnly: true}"),
            "clusters[0].repository.readOnly: unknown field"),
        broken("the Java name of the settings is no YAML key",
            VALID.replace("repository: s3-backups", "repository: s3-backups\n    repositorySettings: {name: x}"),
            "clusters[0].repositorySettings: unknown field"),
        broken("repository mapping without a name", repository(0, "{readonly: true}"),
            "clusters[0].repository: required"),
        broken("restore target of an unknown kind", restoreTarget("{replicaRepository: nfs}"),
            "clusters[1].restoreTarget.replicaRepository: 'nfs' is neither s3"),
        broken("fs restore target without a directory", restoreTarget("{replicaRepository: fs}"),
            "clusters[1].restoreTarget.location: required with replicaRepository fs"),
        broken("fs restore target with a relative directory", restoreTarget("{replicaRepository: fs, location: replica}"),
            "clusters[1].restoreTarget.location: 'replica' must be an absolute path"),
        broken("s3 restore target with a directory", restoreTarget("{replicaRepository: s3, location: /mnt/replica}"),
            "clusters[1].restoreTarget.location: only with replicaRepository fs"),
        broken("restore target field typo", restoreTarget("{replicaRepo: s3}"),
            "clusters[1].restoreTarget.replicaRepo: unknown field"),
        broken("unknown restore host provider", VALID.replace("restoreHost:\n  provider: ec2", "restoreHost:\n  provider: gce"),
            "restoreHost.provider: invalid value; one of ec2, local"));
  }

  /** clusters[1] (search) gets a restoreTarget block: {@code block}. */
  private static String restoreTarget(String block) {
    return VALID.replace("- name: search\n", "- name: search\n    restoreTarget: " + block + "\n");
  }

  @Test
  void aRestoreTargetIsReadWithItsDefaults() {
    SnapdrillConfig config = ConfigLoader.parse("snapdrill.yaml", restoreTarget("{}"));
    assertThat(config.clusters().get(0).restoreTarget()).as("no marker, no restore target").isNull();
    assertThat(config.clusters().get(1).restoreTarget().replicaRepository()).isEqualTo("s3");
    assertThat(config.clusters().get(1).restoreTarget().client()).isEqualTo("default");
    SnapdrillConfig fs = ConfigLoader.parse("snapdrill.yaml", restoreTarget("{replicaRepository: fs, location: /mnt/replica}"));
    assertThat(fs.clusters().get(1).restoreTarget().fs()).isTrue();
    assertThat(fs.clusters().get(1).restoreTarget().location()).isEqualTo("/mnt/replica");
  }

  private static String restoreHost(String line) {
    return VALID.replace("  ttl: 12h\n", "  ttl: 12h\n  " + line + "\n");
  }

  private static Arguments broken(String what, String yaml, String expected) {
    return Arguments.of(what, yaml, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource
  void brokenConfigs(String what, String yaml, String expected) {
    assertThatThrownBy(() -> ConfigLoader.parse("snapdrill.yaml", yaml))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems()).anySatisfy(p -> assertThat(p).contains(expected)))
        .hasMessageStartingWith("snapdrill.yaml: ");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    String yaml = VALID
        .replace("replica: {bucket: search-snapshots-dr, region: us-west-2}", "replica: {region: us-west-2}")
        .replace("repository: s3-backups", "repository: ''");
    assertThatThrownBy(() -> ConfigLoader.parse("snapdrill.yaml", yaml))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "clusters[0].repository: must not be blank",
            "clusters[1].storage.replica.bucket: required"));
  }

  @Test
  void missingFileIsNamed() {
    assertThatThrownBy(() -> ConfigLoader.load(java.nio.file.Path.of("/nonexistent/snapdrill.yaml")))
        .hasMessage("/nonexistent/snapdrill.yaml: no such file");
  }
}
