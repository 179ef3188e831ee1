package io.snapdrill.activities.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLContext;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.apache.http.util.EntityUtils;
import org.elasticsearch.client.Request;
import org.elasticsearch.client.Response;
import org.elasticsearch.client.ResponseException;
import org.elasticsearch.client.RestClient;

/** Elasticsearch through elasticsearch-java's low-level {@link RestClient}: no compatibility headers, so 7.x and 8.x alike. */
final class ElasticsearchRestTransport implements ClusterTransport {
  private final RestClient client;

  ElasticsearchRestTransport(String endpoint, Map<String, String> headers, SSLContext sslContext) {
    Header[] defaults = headers.entrySet().stream().map(e -> new BasicHeader(e.getKey(), e.getValue())).toArray(Header[]::new);
    this.client = RestClient.builder(HttpHost.create(endpoint))
        .setDefaultHeaders(defaults)
        .setRequestConfigCallback(rc -> rc.setConnectTimeout(10_000).setSocketTimeout(120_000))
        .setHttpClientConfigCallback(b -> sslContext == null ? b : b.setSSLContext(sslContext))
        .build();
  }

  @Override
  public HttpResult send(String method, String pathAndQuery, String jsonBody) throws IOException {
    int q = pathAndQuery.indexOf('?');
    Request request = new Request(method, q < 0 ? pathAndQuery : pathAndQuery.substring(0, q));
    if (q >= 0) {
      request.addParameters(ClusterConnection.parseQuery(pathAndQuery.substring(q + 1)));
    }
    if (jsonBody != null) {
      request.setJsonEntity(jsonBody);
    }
    Response response;
    try {
      response = client.performRequest(request);
    } catch (ResponseException e) {
      response = e.getResponse();
    }
    Map<String, String> headers = new HashMap<>();
    for (Header h : response.getHeaders()) {
      headers.put(h.getName().toLowerCase(Locale.ROOT), h.getValue());
    }
    String body = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
    return new HttpResult(response.getStatusLine().getStatusCode(), body, headers);
  }

  @Override
  public void close() {
    try {
      client.close();
    } catch (IOException ignored) {
      // closing a client has nothing left to report
    }
  }
}
