package io.snapdrill.activities.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.snapdrill.activities.cluster.RepositoryEnsurer.Difference;
import io.snapdrill.activities.cluster.RepositoryEnsurer.Outcome;
import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.AuthType;
import io.snapdrill.activities.config.BucketConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RepositorySettings;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.config.TlsConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Amazon OpenSearch Service domain (a WireMock answering as AWS documents) registers a manual
 * snapshot repository: {@code PUT _snapshot/NAME} with type s3 and bucket, base_path, region and the
 * {@code role_arn} the domain assumes, signed with SigV4 for service {@code es} in the domain's region.
 */
class RepositoryEnsureSigV4Test {
  private static final String ROLE = "arn:aws:iam::123456789012:role/snapdrill-search-snapshots";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private SigV4Domain domain;

  @BeforeEach
  void start() throws Exception {
    domain = SigV4Domain.start(dir);
    domain.server.stubFor(get(urlEqualTo("/")).willReturn(json(200,
        "{\"cluster_name\":\"123456789012:search\",\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.0\"}}")));
  }

  @AfterEach
  void stop() {
    domain.close();
  }

  private ClusterConfig cluster(String roleArn) {
    return new ClusterConfig("search", Product.OPENSEARCH, domain.endpoint(),
        new AuthConfig(AuthType.SIGV4, null, null, null, null, "eu-west-1", null), new TlsConfig(domain.caFile.toString()),
        "snapshots", null,
        new StorageConfig(new BucketConfig("search-snapshots", "prod/search", "eu-west-1", null, false),
            new BucketConfig("search-snapshots-dr", "prod/search", "eu-central-1", null, false), null, null),
        null, List.of(), new RepositorySettings("snapshots", null, roleArn, null, false, null), null);
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
    return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
  }

  @Test
  void anAbsentRepositoryIsRegisteredWithTheRoleTheDomainAssumesOverSigV4AndVerified() throws Exception {
    domain.server.stubFor(get(urlEqualTo("/_snapshot/snapshots")).willReturn(json(404,
        "{\"error\":{\"type\":\"repository_missing_exception\",\"reason\":\"[snapshots] missing\"},\"status\":404}")));
    domain.server.stubFor(put(urlPathEqualTo("/_snapshot/snapshots")).willReturn(json(200, "{\"acknowledged\":true}")));
    domain.server.stubFor(post(urlEqualTo("/_snapshot/snapshots/_verify")).willReturn(json(200,
        "{\"nodes\":{\"a1\":{\"name\":\"3f5b0c\"},\"b2\":{\"name\":\"9e1d44\"}}}")));

    RepositoryEnsurer.Result result;
    try (ClusterConnection connection = ClusterConnection.open(cluster(ROLE))) {
      result = RepositoryEnsurer.ensure(connection, RepositoryRegistration.of(cluster(ROLE), "clusters[0]"), false);
    }

    assertThat(result.outcome()).isEqualTo(Outcome.REGISTERED);
    assertThat(result.verification().nodes()).containsExactly("3f5b0c", "9e1d44");
    assertThat(result.ok()).isTrue();
    List<LoggedRequest> puts = domain.server.findAll(putRequestedFor(urlPathEqualTo("/_snapshot/snapshots")));
    assertThat(puts).hasSize(1);
    assertThat(JSON.readTree(puts.get(0).getBodyAsString())).isEqualTo(JSON.readTree("""
        {"type": "s3", "settings": {"bucket": "search-snapshots", "base_path": "prod/search", "region": "eu-west-1",
         "role_arn": "arn:aws:iam::123456789012:role/snapdrill-search-snapshots"}}"""));
    for (LoggedRequest request : domain.server.findAll(anyRequestedFor(anyUrl()))) {
      SigV4Domain.assertSignedForEs(request, "eu-west-1");
    }
    assertThat(domain.server.findAll(anyRequestedFor(anyUrl()))).extracting(r -> r.getMethod().getName() + " " + r.getUrl())
        .containsExactly("GET /_snapshot/snapshots", "PUT /_snapshot/snapshots?verify=false",
            "POST /_snapshot/snapshots/_verify");
  }

  @Test
  void aRepositoryWithAnotherRoleIsNotChangedWithoutForceAndTheDifferenceIsTheAnswer() throws Exception {
    domain.server.stubFor(get(urlEqualTo("/_snapshot/snapshots")).willReturn(json(200, """
        {"snapshots": {"type": "s3", "settings": {"bucket": "search-snapshots", "base_path": "prod/search",
         "region": "eu-west-1", "role_arn": "arn:aws:iam::123456789012:role/old-snapshots"}}}""")));
    domain.server.stubFor(put(urlPathEqualTo("/_snapshot/snapshots")).willReturn(json(200, "{\"acknowledged\":true}")));
    domain.server.stubFor(post(urlEqualTo("/_snapshot/snapshots/_verify")).willReturn(json(200, "{\"nodes\":{\"a1\":{\"name\":\"n\"}}}")));

    try (ClusterConnection connection = ClusterConnection.open(cluster(ROLE))) {
      RepositoryEnsurer.Result refused = RepositoryEnsurer.ensure(connection, RepositoryRegistration.of(cluster(ROLE), "c"), false);
      assertThat(refused.outcome()).isEqualTo(Outcome.DIFFERS);
      assertThat(refused.differences()).containsExactly(
          new Difference("role_arn", "arn:aws:iam::123456789012:role/old-snapshots", ROLE));
      assertThat(refused.ok()).isFalse();
      assertThat(domain.server.findAll(putRequestedFor(anyUrl()))).as("nothing registered without --force").isEmpty();

      RepositoryEnsurer.Result forced = RepositoryEnsurer.ensure(connection, RepositoryRegistration.of(cluster(ROLE), "c"), true);
      assertThat(forced.outcome()).isEqualTo(Outcome.REPLACED);
      assertThat(forced.ok()).isTrue();
    }
    assertThat(JSON.readTree(domain.server.findAll(putRequestedFor(anyUrl())).get(0).getBodyAsString())
        .path("settings").path("role_arn").asText()).isEqualTo(ROLE);
  }

  @Test
  void aPrincipalNotAllowedToPassTheRoleGetsWhatRegisteringNeeds() throws Exception {
    domain.server.stubFor(get(urlEqualTo("/_snapshot/snapshots")).willReturn(json(404, "{\"error\":\"missing\",\"status\":404}")));
    // What the domain answers a signer without iam:PassRole on the role.
    domain.server.stubFor(put(urlPathEqualTo("/_snapshot/snapshots")).willReturn(json(403,
        "{\"Message\":\"User: arn:aws:sts::123456789012:assumed-role/snapdrill-worker/i-0abc is not authorized to perform:"
            + " iam:PassRole on resource: " + ROLE + "\"}")));

    try (ClusterConnection connection = ClusterConnection.open(cluster(ROLE))) {
      assertThatThrownBy(() -> RepositoryEnsurer.ensure(connection, RepositoryRegistration.of(cluster(ROLE), "c"), false))
          .isInstanceOf(RepositoryEnsurer.RegistrationRefused.class)
          .hasMessageContaining("HTTP 403")
          .hasMessageContaining("is not authorized to perform: iam:PassRole")
          .hasMessageContaining("iam:PassRole on " + ROLE + " (condition iam:PassedToService es.amazonaws.com)");
    }
  }

  @Test
  void aDomainWithoutRoleArnIsBadInputNamingTheField() {
    assertThatThrownBy(() -> RepositoryRegistration.of(cluster(null), "clusters[1]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("clusters[1].repository.roleArn: required to register the repository of cluster 'search'");
  }

  @Test
  void aFailedVerificationCarriesTheNodesReason() throws Exception {
    domain.server.stubFor(get(urlEqualTo("/_snapshot/snapshots")).willReturn(json(404, "{\"error\":\"missing\",\"status\":404}")));
    domain.server.stubFor(put(urlPathEqualTo("/_snapshot/snapshots")).willReturn(json(200, "{\"acknowledged\":true}")));
    domain.server.stubFor(post(urlEqualTo("/_snapshot/snapshots/_verify")).willReturn(json(500, """
        {"error": {"root_cause": [{"type": "repository_verification_exception",
         "reason": "[snapshots] path [prod/search] is not accessible on master node"}],
         "type": "repository_verification_exception",
         "reason": "[snapshots] path [prod/search] is not accessible on master node"}, "status": 500}""")));

    try (ClusterConnection connection = ClusterConnection.open(cluster(ROLE))) {
      RepositoryEnsurer.Result result = RepositoryEnsurer.ensure(connection, RepositoryRegistration.of(cluster(ROLE), "c"), false);
      assertThat(result.outcome()).isEqualTo(Outcome.REGISTERED);
      assertThat(result.ok()).isFalse();
      assertThat(result.verification().failure()).isEqualTo("HTTP 500: repository_verification_exception:"
          + " [snapshots] path [prod/search] is not accessible on master node");
    }
  }
}
