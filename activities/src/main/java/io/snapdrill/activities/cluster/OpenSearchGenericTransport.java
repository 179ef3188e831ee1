package io.snapdrill.activities.cluster;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.OpenSearchTransport;

/**
 * OpenSearch (and any SigV4-signed domain) through opensearch-java's generic client, over its Apache
 * HttpClient 5 transport or its AWS SDK v2 transport, which signs every request with SigV4.
 */
final class OpenSearchGenericTransport implements ClusterTransport {
  private final OpenSearchTransport transport;
  private final OpenSearchGenericClient client;

  OpenSearchGenericTransport(OpenSearchTransport transport) {
    this.transport = transport;
    this.client = new OpenSearchGenericClient(transport);
  }

  @Override
  public HttpResult send(String method, String pathAndQuery, String jsonBody) throws IOException {
    int q = pathAndQuery.indexOf('?');
    var builder = Requests.builder().method(method).endpoint(q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
    if (q >= 0) {
      builder.query(ClusterConnection.parseQuery(pathAndQuery.substring(q + 1)));
    }
    if (jsonBody != null) {
      builder.json(jsonBody);
    }
    try (Response response = client.execute(builder.build())) {
      Map<String, String> headers = new HashMap<>();
      response.getHeaders().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
      String body = response.getBody().map(b -> b.bodyAsString()).orElse("");
      return new HttpResult(response.getStatus(), body, headers);
    }
  }

  @Override
  public void close() {
    try {
      transport.close();
    } catch (IOException ignored) {
      // closing a client has nothing left to report
    }
  }
}
