package io.snapdrill.activities.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.snapdrill.activities.cluster.ActivityFailures.failureOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.AuthType;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RestoreConfig;
import io.snapdrill.activities.config.SecretRef;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.SharedNodes;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.RunbookHints;
import io.snapdrill.model.SnapshotRequest;
import io.snapdrill.workflows.activities.SourceClusterActivities;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each way a cluster configuration can be wrong ends in one sentence naming the cluster, not a stack trace. */
class ClusterConnectionErrorsTest {
  /** What a secured Elasticsearch answers to a wrong password. */
  private static final String ES_401 = "{\"error\":{\"root_cause\":[{\"type\":\"security_exception\",\"reason\":\"unable to "
      + "authenticate user [snapdrill] for REST request [/]\",\"header\":{\"WWW-Authenticate\":[\"Basic realm=\\\"security\\\" "
      + "charset=\\\"UTF-8\\\"\",\"ApiKey\"]}}],\"type\":\"security_exception\",\"reason\":\"unable to authenticate user "
      + "[snapdrill] for REST request [/]\",\"header\":{\"WWW-Authenticate\":[\"Basic realm=\\\"security\\\" charset=\\\"UTF-8\\\"\","
      + "\"ApiKey\"]}},\"status\":401}";

  private static WireMockServer secured;
  private TestActivityEnvironment env;

  @BeforeAll
  static void startSecuredCluster() {
    secured = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    secured.start();
  }

  @AfterAll
  static void stopSecuredCluster() {
    secured.stop();
  }

  @AfterEach
  void close() {
    if (env != null) {
      env.close();
    }
    secured.resetAll();
  }

  private ApplicationFailure takeSnapshotFails(ClusterConfig cluster) {
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new SourceClusterActivitiesImpl(ClusterFixtures.directory(cluster)));
    SourceClusterActivities activities = ClusterFixtures.stub(env, SourceClusterActivities.class);
    return failureOf(() -> activities.takeSnapshot(new SnapshotRequest("drill-1", cluster.name(), null)));
  }

  private static ClusterConfig config(String name, Product product, String endpoint, AuthConfig auth) {
    return ClusterFixtures.cluster(name, product, endpoint, auth, null, "repo", List.of("*"), RestoreConfig.DEFAULTS, List.of());
  }

  static Stream<Arguments> credentials() {
    String basic = "Basic " + Base64.getEncoder().encodeToString("snapdrill:wrong-password".getBytes());
    return Stream.of(
        Arguments.of(Product.ELASTICSEARCH, new AuthConfig(AuthType.BASIC, "snapdrill", SecretRef.inline("wrong-password"), null, null, null, null), basic),
        Arguments.of(Product.OPENSEARCH, new AuthConfig(AuthType.BASIC, "snapdrill", SecretRef.inline("wrong-password"), null, null, null, null), basic),
        Arguments.of(Product.ELASTICSEARCH, new AuthConfig(AuthType.API_KEY, null, null, SecretRef.inline("a2V5OnNlY3JldA=="), null, null, null), "ApiKey a2V5OnNlY3JldA=="),
        Arguments.of(Product.OPENSEARCH, new AuthConfig(AuthType.BEARER, null, null, null, SecretRef.inline("eyJhbGciOi"), null, null), "Bearer eyJhbGciOi"));
  }

  @ParameterizedTest
  @MethodSource("credentials")
  void rejectedCredentialsAreAConfigurationErrorInOneSentence(Product product, AuthConfig auth, String sentHeader) {
    secured.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(401)
        .withHeader("WWW-Authenticate", "Basic realm=\"security\" charset=\"UTF-8\"")
        .withHeader("Content-Type", "application/json").withBody(ES_401)));

    ApplicationFailure failure = takeSnapshotFails(config("secured", product, secured.baseUrl(), auth));

    assertThat(failure.getType()).isEqualTo("CONFIGURATION_INVALID");
    assertThat(failure.isNonRetryable()).isTrue();
    assertThat(FailureType.withoutHint(failure.getOriginalMessage())).isEqualTo("cluster 'secured' at " + secured.baseUrl() + " rejected Snapdrill's "
        + "credentials (HTTP 401: security_exception: unable to authenticate user [snapdrill] for REST request [/]); check the "
        + "cluster's auth settings and the secret they point to");
    assertThat(failure.getOriginalMessage()).endsWith(FailureType.HINT_SEPARATOR
        + RunbookHints.forType(FailureType.CONFIGURATION_INVALID));
    secured.verify(anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo(sentHeader)));
  }

  @Test
  void aSecretThatCannotBeResolvedNamesTheVariable() {
    var auth = new AuthConfig(AuthType.BASIC, "snapdrill", SecretRef.of("SNAPDRILL_TEST_UNSET_VARIABLE", null), null, null, null, null);

    ApplicationFailure failure = takeSnapshotFails(config("noenv", Product.ELASTICSEARCH, secured.baseUrl(), auth));

    assertThat(failure.getType()).isEqualTo("CONFIGURATION_INVALID");
    assertThat(FailureType.withoutHint(failure.getOriginalMessage()))
        .isEqualTo("cluster 'noenv': auth.password: environment variable SNAPDRILL_TEST_UNSET_VARIABLE is not set");
  }

  @Test
  void aClusterOfTheOtherProductIsAConfigurationError() {
    LocalNode elasticsearch = SharedNodes.elasticsearch();
    LocalNode opensearch = SharedNodes.opensearch();

    ApplicationFailure asOpenSearch = takeSnapshotFails(config("mixed-up", Product.OPENSEARCH, elasticsearch.httpEndpoint(), AuthConfig.NONE));
    env.close();
    ApplicationFailure asElasticsearch = takeSnapshotFails(config("mixed-up", Product.ELASTICSEARCH, opensearch.httpEndpoint(), AuthConfig.NONE));

    assertThat(asOpenSearch.getType()).isEqualTo("CONFIGURATION_INVALID");
    assertThat(FailureType.withoutHint(asOpenSearch.getOriginalMessage())).isEqualTo("cluster 'mixed-up' is configured as opensearch but "
        + elasticsearch.httpEndpoint() + " answers as elasticsearch 8.19.21; set its product to elasticsearch");
    assertThat(FailureType.withoutHint(asElasticsearch.getOriginalMessage())).isEqualTo("cluster 'mixed-up' is configured as elasticsearch but "
        + opensearch.httpEndpoint() + " answers as opensearch 2.19.3; set its product to opensearch");
  }

  @Test
  void anUnsupportedVersionIsAConfigurationError() {
    secured.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"cluster_name\":\"old\",\"version\":{\"number\":\"6.8.23\"},\"tagline\":\"You Know, for Search\"}")));

    ApplicationFailure failure = takeSnapshotFails(config("old", Product.ELASTICSEARCH, secured.baseUrl(), AuthConfig.NONE));

    assertThat(failure.getType()).isEqualTo("CONFIGURATION_INVALID");
    assertThat(FailureType.withoutHint(failure.getOriginalMessage())).isEqualTo("cluster 'old' runs elasticsearch 6.8.23, which Snapdrill does not support "
        + "(Elasticsearch 7.x and 8.x, OpenSearch 1.x to 3.x)");
  }

  @Test
  void anUnreachableClusterIsARetryableFailureNamingTheEndpoint() throws Exception {
    int closedPort;
    try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    String endpoint = "http://127.0.0.1:" + closedPort;

    ApplicationFailure failure = takeSnapshotFails(config("down", Product.ELASTICSEARCH, endpoint, AuthConfig.NONE));

    assertThat(failure.isNonRetryable()).isFalse();
    assertThat(failure.getType()).isEqualTo(ClusterUnreachableException.class.getName());
    assertThat(failure.getOriginalMessage()).startsWith("cluster 'down' at " + endpoint + " did not answer GET /: ")
        .contains("Connection refused").endsWith("check that the endpoint is right and the cluster is up (retrying)");
  }

  @Test
  void anEndpointThatIsNotAUrlIsAConfigurationError() {
    ApplicationFailure failure = takeSnapshotFails(config("typo", Product.ELASTICSEARCH, "localhost:9200", AuthConfig.NONE));

    assertThat(failure.getType()).isEqualTo("CONFIGURATION_INVALID");
    assertThat(failure.getOriginalMessage()).startsWith("cluster 'typo': endpoint 'localhost:9200' is not a URL like https://host:9200");
  }
}
