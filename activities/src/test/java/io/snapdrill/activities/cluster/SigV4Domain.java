package io.snapdrill.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * An Amazon OpenSearch Service domain as a local HTTPS WireMock (its certificate made here, trusted only
 * through {@code tls.caFile}), and the check that a request arrived signed with SigV4 for service
 * {@code es}: the test recomputes the signature of what came over the wire.
 */
final class SigV4Domain implements AutoCloseable {
  static final String ACCESS_KEY = "AKIDSNAPDRILLTEST";
  static final String SECRET_KEY = "snapdrill/test+secret/key";

  final WireMockServer server;
  final Path caFile;

  private SigV4Domain(WireMockServer server, Path caFile) {
    this.server = server;
    this.caFile = caFile;
  }

  /** Starts the domain and sets the worker's credentials (system properties) to the test key. */
  static SigV4Domain start(Path dir) throws Exception {
    Path keystore = dir.resolve("domain.p12");
    keytool("-genkeypair", "-alias", "domain", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit");
    keytool("-exportcert", "-rfc", "-alias", "domain", "-keystore", keystore.toString(), "-storepass", "changeit",
        "-file", dir.resolve("ca.pem").toString());
    WireMockServer server = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").httpDisabled(true)
        .dynamicHttpsPort().keystorePath(keystore.toString()).keystoreType("PKCS12").keystorePassword("changeit")
        .keyManagerPassword("changeit"));
    server.start();
    System.setProperty("aws.accessKeyId", ACCESS_KEY);
    System.setProperty("aws.secretAccessKey", SECRET_KEY);
    return new SigV4Domain(server, dir.resolve("ca.pem"));
  }

  String endpoint() {
    return "https://127.0.0.1:" + server.httpsPort();
  }

  @Override
  public void close() {
    server.stop();
    System.clearProperty("aws.accessKeyId");
    System.clearProperty("aws.secretAccessKey");
  }

  /** Asserts {@code request} carries a valid SigV4 signature of the test key for {@code region} and service es. */
  static void assertSignedForEs(LoggedRequest request, String region) throws Exception {
    Pattern authorizationPattern = Pattern.compile("AWS4-HMAC-SHA256 Credential=" + ACCESS_KEY + "/(\\d{8})/"
        + Pattern.quote(region) + "/es/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
    String amzDate = request.getHeader("X-Amz-Date");
    assertThat(amzDate).matches("\\d{8}T\\d{6}Z");
    String payloadHash = request.getHeader("x-amz-content-sha256");
    assertThat(payloadHash).as("the payload hash covers the body").isEqualTo(hex(sha256(request.getBody())));
    Matcher authorization = authorizationPattern.matcher(request.getHeader("Authorization"));
    assertThat(authorization.matches()).as(request.getHeader("Authorization")).isTrue();
    assertThat(authorization.group(1)).isEqualTo(amzDate.substring(0, 8));
    List<String> signedHeaders = Arrays.asList(authorization.group(2).split(";"));
    assertThat(signedHeaders).contains("host", "x-amz-date", "x-amz-content-sha256");

    String url = request.getUrl();
    int q = url.indexOf('?');
    String canonicalQuery = q < 0 ? "" : Arrays.stream(url.substring(q + 1).split("&")).sorted().collect(Collectors.joining("&"));
    String canonicalRequest = request.getMethod().getName() + "\n" + (q < 0 ? url : url.substring(0, q)) + "\n" + canonicalQuery + "\n"
        + signedHeaders.stream().map(h -> h + ":" + request.getHeader(h).strip() + "\n").collect(Collectors.joining())
        + "\n" + String.join(";", signedHeaders) + "\n" + payloadHash;
    String scope = amzDate.substring(0, 8) + "/" + region + "/es/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + amzDate + "\n" + scope + "\n"
        + hex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
    byte[] key = hmac(("AWS4" + SECRET_KEY).getBytes(StandardCharsets.UTF_8), amzDate.substring(0, 8));
    for (String part : List.of(region, "es", "aws4_request")) {
      key = hmac(key, part);
    }
    assertThat(authorization.group(3)).as("the signature of what arrived").isEqualTo(hex(hmac(key, stringToSign)));
  }

  private static void keytool(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
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
