package io.snapdrill.activities.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.AuthType;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RestoreConfig;
import io.snapdrill.activities.config.TlsConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amazon OpenSearch Service stands in as a local HTTPS endpoint (its certificate made here, trusted
 * only through {@code tls.caFile}); the test recomputes the SigV4 signature of what arrived on the wire.
 */
class SigV4SigningTest {
  @TempDir Path dir;
  private SigV4Domain domain;

  @BeforeEach
  void start() throws Exception {
    domain = SigV4Domain.start(dir);
  }

  @AfterEach
  void stop() {
    domain.close();
  }

  @Test
  void requestsAreSignedForServiceEsInTheConfiguredRegion() throws Exception {
    domain.server.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"cluster_name\":\"123456789012:logs\",\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.0\"}}")));
    domain.server.stubFor(post(urlEqualTo("/logs-2026/_search")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"hits\":{\"hits\":[]}}")));
    ClusterConfig cluster = ClusterFixtures.cluster("aws-logs", Product.OPENSEARCH, domain.endpoint(),
        new AuthConfig(AuthType.SIGV4, null, null, null, null, "eu-west-1", null), new TlsConfig(domain.caFile.toString()),
        "repo", List.of("*"), RestoreConfig.DEFAULTS, List.of());

    try (ClusterConnection connection = ClusterConnection.open(cluster)) {
      assertThat(connection.identity()).isEqualTo(new ClusterIdentity(Product.OPENSEARCH, "2.19.0", "123456789012:logs"));
      connection.call("POST", "/logs-2026/_search", Map.of("size", 3, "query", Map.of("match_all", Map.of())));
    }

    List<LoggedRequest> searches = domain.server.findAll(postRequestedFor(urlEqualTo("/logs-2026/_search")));
    assertThat(searches).hasSize(1);
    SigV4Domain.assertSignedForEs(searches.get(0), "eu-west-1");
  }
}
