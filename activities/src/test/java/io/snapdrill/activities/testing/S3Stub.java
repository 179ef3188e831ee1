package io.snapdrill.activities.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.net.URI;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * WireMock answering S3 REST calls with the response shapes AWS documents, for what no local S3
 * server does as AWS does (replication rules it never evaluates, MFA Delete, archived objects, error
 * codes). Path-style: a bucket call is {@code /<bucket>?<subresource>}.
 */
public final class S3Stub implements AutoCloseable {
  private static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
  private final WireMockServer server =
      new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));

  public S3Stub() {
    server.start();
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.port());
  }

  public S3Client client() {
    return S3MockServer.client(endpoint());
  }

  public WireMockServer server() {
    return server;
  }

  /** GET {@code /<bucket>?<subresource>} answers with this status and XML body. */
  public void bucketGet(String bucket, String subresource, int status, String xml) {
    server.stubFor(WireMock.get(WireMock.urlPathEqualTo("/" + bucket))
        .withQueryParam(subresource, WireMock.matching(".*"))
        .willReturn(WireMock.aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
            .withBody(xml)));
  }

  /** The body of an S3 error response. */
  public static String error(String code, String message) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + message
        + "</Message><RequestId>4442587FB7D0A2F9</RequestId><HostId>host</HostId></Error>";
  }

  /** GetObject's documented 403 for an object in an archive storage class. */
  public static String invalidObjectState(String storageClass) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidObjectState</Code>"
        + "<Message>The operation is not valid for the object's storage class</Message><StorageClass>" + storageClass
        + "</StorageClass><RequestId>4442587FB7D0A2F9</RequestId><HostId>host</HostId></Error>";
  }

  /** An XML document in the S3 namespace: {@code <root xmlns=...>inner</root>}. */
  public static String document(String root, String inner) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><" + root + NS + ">" + inner + "</" + root + ">";
  }

  public int count(RequestPatternBuilder pattern) {
    return server.countRequestsMatching(pattern.build()).getCount();
  }

  @Override
  public void close() {
    server.stop();
  }
}
