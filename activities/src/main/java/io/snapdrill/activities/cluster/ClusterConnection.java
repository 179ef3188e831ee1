package io.snapdrill.activities.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.AuthType;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.SecretRef;
import io.snapdrill.model.FailureType;
import io.snapdrill.model.RestoreHost;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.opensearch.client.transport.aws.AwsSdk2Transport;
import org.opensearch.client.transport.aws.AwsSdk2TransportOptions;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * A connection to one cluster, built from its configuration: plain REST through elasticsearch-java's
 * low-level RestClient, or, for SigV4 (Amazon OpenSearch Service and Elasticsearch Service), through
 * opensearch-java's generic client on its AWS SDK v2 transport, which signs for service {@code es}. Every failure becomes one sentence naming the cluster: bad
 * configuration (credentials, product, version, CA file) a non-retryable CONFIGURATION_INVALID, a
 * cluster that does not answer a retryable {@link ClusterUnreachableException}.
 */
public final class ClusterConnection implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Product product;
  private final String endpoint;
  private final ClusterTransport transport;
  private volatile ClusterIdentity identity;
  private volatile Runnable beforeEachRequest = () -> {};

  ClusterConnection(String name, Product product, String endpoint, ClusterTransport transport) {
    this.name = name;
    this.product = product;
    this.endpoint = endpoint;
    this.transport = transport;
  }

  /** A connection to a configured source cluster. */
  public static ClusterConnection open(ClusterConfig cluster) {
    String what = "cluster '" + cluster.name() + "'";
    URI uri = parseEndpoint(what, cluster.endpoint());
    SSLContext ssl = cluster.tls() == null || cluster.tls().caFile() == null ? null : sslContext(what, cluster.tls().caFile());
    AuthConfig auth = cluster.auth();
    String endpoint = stripSlash(cluster.endpoint());
    if (auth.type() == AuthType.SIGV4) {
      return new ClusterConnection(what, cluster.product(), endpoint, sigV4Transport(what, uri, auth, ssl));
    }
    Map<String, String> headers = authHeaders(what, auth);
    return new ClusterConnection(what, cluster.product(), endpoint, plainTransport(cluster.product(), endpoint, headers, ssl));
  }

  /** A connection to a restore host's cluster: no authentication, the snapshot's product. */
  public static ClusterConnection restoreHost(RestoreHost host, Product product) {
    String what = "restore host " + host.hostId();
    parseEndpoint(what, host.endpoint());
    String endpoint = stripSlash(host.endpoint());
    return new ClusterConnection(what, product, endpoint, plainTransport(product, endpoint, Map.of(), null));
  }

  /** How messages name the cluster: {@code cluster 'name'} or {@code restore host <id>}. */
  public String name() {
    return name;
  }

  public Product product() {
    return product;
  }

  public String endpoint() {
    return endpoint;
  }

  /**
   * Runs before every request, e.g. an activity heartbeat: one request may take as long as the socket
   * timeout, so a long activity beats between requests rather than between units of its own work.
   */
  public ClusterConnection beforeEachRequest(Runnable hook) {
    this.beforeEachRequest = hook;
    return this;
  }

  /** Sends a request; the result carries any status (only 401/403 and no answer at all throw). */
  public HttpResult send(String method, String pathAndQuery, Object body) {
    beforeEachRequest.run();
    String json;
    try {
      json = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialise request body for " + pathAndQuery, e);
    }
    HttpResult result;
    try {
      result = transport.send(method, pathAndQuery, json);
    } catch (IOException | RuntimeException e) {
      if (e instanceof RuntimeException r && !(r.getCause() instanceof IOException) && !(r instanceof java.io.UncheckedIOException)) {
        throw r;
      }
      throw new ClusterUnreachableException(name + " at " + endpoint + " did not answer " + method + " " + pathAndQuery + ": "
          + rootMessage(e) + "; check that the endpoint is right and the cluster is up (retrying)", e);
    }
    if (result.status() == 401) {
      throw FailureType.CONFIGURATION_INVALID.failure(name + " at " + endpoint + " rejected Snapdrill's credentials (HTTP 401"
          + errorReason(result.body()) + "); check the cluster's auth settings and the secret they point to");
    }
    if (result.status() == 403) {
      throw FailureType.CONFIGURATION_INVALID.failure(name + " at " + endpoint + " refused " + method + " " + pathAndQuery
          + " (HTTP 403" + errorReason(result.body()) + "); grant Snapdrill's user the snapshot and monitor privileges");
    }
    return result;
  }

  /** Sends a request and returns its JSON; a non-2xx status throws {@link ClusterRequestException}. */
  public JsonNode call(String method, String pathAndQuery, Object body) {
    HttpResult result = send(method, pathAndQuery, body);
    if (!result.ok()) {
      throw new ClusterRequestException(name + " answered " + method + " " + pathAndQuery + " with HTTP " + result.status()
          + errorReason(result.body()), result.status(), result.body());
    }
    return parse(result.body());
  }

  public JsonNode get(String pathAndQuery) {
    return call("GET", pathAndQuery, null);
  }

  /**
   * The cluster's product and version, checked against the configuration: a wrong product or an
   * unsupported version is a non-retryable CONFIGURATION_INVALID.
   */
  public ClusterIdentity identity() {
    ClusterIdentity known = identity;
    if (known != null) {
      return known;
    }
    ClusterIdentity found = detect();
    if (found.product() != product) {
      throw FailureType.CONFIGURATION_INVALID.failure(name + " is configured as " + product.id() + " but " + endpoint
          + " answers as " + found.product().id() + " " + found.version() + "; set its product to " + found.product().id());
    }
    int major = found.majorVersion();
    boolean supported = product == Product.ELASTICSEARCH ? major == 7 || major == 8 : major >= 1 && major <= 3;
    if (!supported) {
      throw FailureType.CONFIGURATION_INVALID.failure(name + " runs " + product.id() + " " + found.version()
          + ", which Snapdrill does not support (Elasticsearch 7.x and 8.x, OpenSearch 1.x to 3.x)");
    }
    identity = found;
    return found;
  }

  private ClusterIdentity detect() {
    HttpResult root = send("GET", "/", null);
    boolean elasticHeader = "Elasticsearch".equals(root.header("X-elastic-product"));
    if (root.ok()) {
      JsonNode info = parse(root.body());
      String version = info.path("version").path("number").asText("");
      boolean openSearch = "opensearch".equals(info.path("version").path("distribution").asText());
      if (!version.isEmpty()) {
        return new ClusterIdentity(openSearch || !elasticHeader && !info.has("tagline") ? Product.OPENSEARCH : Product.ELASTICSEARCH,
            version, info.path("cluster_name").asText());
      }
    }
    // Some builds (the integ-test zips) answer GET / with 405: ask the local node instead.
    HttpResult nodes = send("GET", "/_nodes/_local?filter_path=cluster_name,nodes.*.version", null);
    if (!nodes.ok()) {
      throw FailureType.CONFIGURATION_INVALID.failure(endpoint + " (" + name + ") does not look like Elasticsearch or OpenSearch: "
          + "GET / answered HTTP " + root.status() + " and GET /_nodes/_local HTTP " + nodes.status() + errorReason(nodes.body()));
    }
    JsonNode info = parse(nodes.body());
    String version = info.path("nodes").elements().hasNext() ? info.path("nodes").elements().next().path("version").asText() : "";
    elasticHeader |= "Elasticsearch".equals(nodes.header("X-elastic-product"));
    return new ClusterIdentity(elasticHeader ? Product.ELASTICSEARCH : Product.OPENSEARCH, version, info.path("cluster_name").asText());
  }

  JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new ClusterRequestException(name + " answered with something that is not JSON: "
          + body.substring(0, Math.min(200, body.length())), 200, body);
    }
  }

  /** ": reason" from an Elasticsearch/OpenSearch error body, or "" when there is none. */
  static String errorReason(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    try {
      JsonNode error = JSON.readTree(body).path("error");
      if (error.isTextual()) {
        return ": " + error.asText();
      }
      JsonNode root = error.path("root_cause").path(0);
      String type = error.path("type").asText(root.path("type").asText(""));
      String reason = error.path("reason").asText(root.path("reason").asText(""));
      if (!reason.isEmpty()) {
        return ": " + (type.isEmpty() ? "" : type + ": ") + reason;
      }
    } catch (JsonProcessingException notJson) {
      // fall through to the raw text
    }
    return ": " + body.substring(0, Math.min(200, body.length())).strip();
  }

  @Override
  public void close() {
    transport.close();
  }

  static Map<String, String> parseQuery(String query) {
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      params.put(key, value);
    }
    return params;
  }

  /**
   * Both products without SigV4 go through elasticsearch-java's low-level RestClient: it is product
   * neutral and hands back every status with its body. opensearch-java's httpclient5 transport throws
   * for any status outside 400/401/403/404/405 and marks the node dead on 503, which hides the
   * cluster's own error (a red index, a refused snapshot) behind a retry.
   */
  private static ClusterTransport plainTransport(Product product, String endpoint, Map<String, String> headers, SSLContext ssl) {
    return new ElasticsearchRestTransport(endpoint, headers, ssl);
  }

  private static ClusterTransport sigV4Transport(String what, URI uri, AuthConfig auth, SSLContext ssl) {
    if (auth.region() == null || auth.region().isBlank()) {
      throw FailureType.CONFIGURATION_INVALID.failure(what + ": auth.region is required for sigv4 (the domain's region, such as eu-west-1)");
    }
    if (!"https".equals(uri.getScheme())) {
      throw FailureType.CONFIGURATION_INVALID.failure(what + ": sigv4 endpoints must be https, not " + uri);
    }
    AwsCredentialsProvider credentials = auth.profile() != null && !auth.profile().isBlank()
        ? ProfileCredentialsProvider.create(auth.profile())
        : DefaultCredentialsProvider.builder().build();
    var http = ApacheHttpClient.builder();
    if (ssl != null) {
      http.socketFactory(new org.apache.http.conn.ssl.SSLConnectionSocketFactory(ssl));
    }
    String host = uri.getPort() > 0 && uri.getPort() != 443 ? uri.getHost() + ":" + uri.getPort() : uri.getHost();
    var transport = new AwsSdk2Transport(http.build(), host, "es", Region.of(auth.region()),
        AwsSdk2TransportOptions.builder().setCredentials(credentials).build());
    return new OpenSearchGenericTransport(transport);
  }

  private static Map<String, String> authHeaders(String what, AuthConfig auth) {
    return switch (auth.type()) {
      case NONE, SIGV4 -> Map.of();
      case BASIC -> {
        if (auth.username() == null || auth.password() == null) {
          throw FailureType.CONFIGURATION_INVALID.failure(what + ": basic auth needs auth.username and auth.password");
        }
        String pair = auth.username() + ":" + secret(what, "auth.password", auth.password());
        yield Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
      case API_KEY -> Map.of("Authorization", "ApiKey " + secret(what, "auth.apiKey", auth.apiKey()));
      case BEARER -> Map.of("Authorization", "Bearer " + secret(what, "auth.token", auth.token()));
    };
  }

  private static String secret(String what, String field, SecretRef ref) {
    if (ref == null) {
      throw FailureType.CONFIGURATION_INVALID.failure(what + ": " + field + " is required for this auth type");
    }
    try {
      return ref.resolve();
    } catch (IllegalStateException e) {
      throw FailureType.CONFIGURATION_INVALID.failure(what + ": " + field + ": " + e.getMessage());
    }
  }

  /** Trusts exactly the certificates in the PEM file (a private CA), instead of the JVM's trust store. */
  static SSLContext sslContext(String what, String caFile) {
    try (InputStream in = Files.newInputStream(Path.of(caFile))) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      int i = 0;
      for (Certificate cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        trust.setCertificateEntry("ca-" + i++, cert);
      }
      if (i == 0) {
        throw FailureType.CONFIGURATION_INVALID.failure(what + ": tls.caFile " + caFile + " holds no PEM certificate");
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, tmf.getTrustManagers(), null);
      return context;
    } catch (IOException | GeneralSecurityException e) {
      throw FailureType.CONFIGURATION_INVALID.failure(what + ": cannot read tls.caFile " + caFile + ": " + e.getMessage());
    }
  }

  private static URI parseEndpoint(String what, String endpoint) {
    try {
      URI uri = URI.create(endpoint);
      if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
        throw new IllegalArgumentException("need http(s)://host[:port]");
      }
      return uri;
    } catch (IllegalArgumentException e) {
      throw FailureType.CONFIGURATION_INVALID.failure(what + ": endpoint '" + endpoint + "' is not a URL like https://host:9200 ("
          + e.getMessage() + ")");
    }
  }

  private static String stripSlash(String endpoint) {
    return endpoint.replaceAll("/+$", "");
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
