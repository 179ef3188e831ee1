package io.snapdrill.activities.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.AuthType;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RestoreConfig;
import io.snapdrill.activities.config.TlsConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Amazon OpenSearch Service stands in as a local HTTPS endpoint (its certificate made here, trusted
 * only through {@code tls.caFile}); the test recomputes the SigV4 signature of what arrived on the wire.
 */
class SigV4SigningTest {
  private static final String ACCESS_KEY = "AKIDSNAPDRILLTEST";
  private static final String SECRET_KEY = "snapdrill/test+secret/key";
  private static final Pattern AUTHORIZATION = Pattern.compile(
      "AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/(\\d{8})/eu-west-1/es/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");

  @TempDir Path dir;
  private WireMockServer domain;

  @BeforeEach
  void start() throws Exception {
    Path keystore = dir.resolve("domain.p12");
    keytool("-genkeypair", "-alias", "domain", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "domain", "-keystore", keystore.toString(), "-storepass", "changeit",
        "-file", dir.resolve("ca.pem").toString());
    domain = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true).dynamicHttpsPort()
        .keystorePath(keystore.toString()).keystoreType("PKCS12").keystorePassword("changeit").keyManagerPassword("changeit"));
    domain.start();
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
  }

  @AfterEach
  void stop() {
    domain.stop();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  @Test
  void requestsAreSignedForServiceEsInTheConfiguredRegion() throws Exception {
    domain.stubFor(get(urlEqualTo("/")).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
        .withBody("{\"cluster_name\":\"123456789012:logs\",\"version\":{\"distribution\":\"opensearch\",\"number\":\"2.19.0\"}}")));
    domain.stubFor(post(urlEqualTo("/logs-2026/_search")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"hits\":{\"hits\":[]}}")));
    String endpoint = "https://127.0.0.1:" + domain.httpsPort();
    ClusterConfig cluster = ClusterFixtures.cluster("aws-logs", Product.OPENSEARCH, endpoint,
        new AuthConfig(AuthType.SIGV4, null, null, null, null, "eu-west-1", null), new TlsConfig(dir.resolve("ca.pem").toString()),
        "repo", List.of("*"), RestoreConfig.DEFAULTS, List.of());

    try (ClusterConnection connection = ClusterConnection.open(cluster)) {
      assertThat(connection.identity()).isEqualTo(new ClusterIdentity(Product.OPENSEARCH, "2.19.0", "123456789012:logs"));
      connection.call("POST", "/logs-2026/_search", Map.of("size", 3, "query", Map.of("match_all", Map.of())));
    }

    List<LoggedRequest> searches = domain.findAll(postRequestedFor(urlEqualTo("/logs-2026/_search")));
    assertThat(searches).hasSize(1);
    LoggedRequest search = searches.get(0);
    String amzDate = search.getHeader("X-Amz-Date");
    assertThat(amzDate).matches("\\d{8}T\\d{6}Z");
    String payloadHash = search.getHeader("x-amz-content-sha256");
    assertThat(payloadHash).isEqualTo(hex(sha256(search.getBody())));
    Matcher authorization = AUTHORIZATION.matcher(search.getHeader("Authorization"));
    assertThat(authorization.matches()).as(search.getHeader("Authorization")).isTrue();
    assertThat(authorization.group(1)).isEqualTo(amzDate.substring(0, 8));
    List<String> signedHeaders = Arrays.asList(authorization.group(2).split(";"));
    assertThat(signedHeaders).contains("host", "x-amz-date", "x-amz-content-sha256");

    String canonicalRequest = "POST\n/logs-2026/_search\n\n"
        + signedHeaders.stream().map(h -> h + ":" + search.getHeader(h).strip() + "\n").collect(Collectors.joining())
        + "\n" + String.join(";", signedHeaders) + "\n" + payloadHash;
    String scope = amzDate.substring(0, 8) + "/eu-west-1/es/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
    for (String part : List.of("eu-west-1", "es", "aws4_request")) {
      key = hmac(key, part);
    }
    assertThat(authorization.group(3)).isEqualTo(hex(hmac(key, stringToSign)));
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(output).isZero();
  }

  private static byte[] sha256(byte[] data) throws Exception {
    return java.security.MessageDigest.getInstance("SHA-256").digest(data);
  }

  private static byte[] hmac(byte[] key, String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
