package io.snapdrill.activities.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Asks {@code GET /_cluster/health}: ready when it answers 200 with a status other than red. Any
 * connection error means "not yet": the node is still being installed.
 */
public final class HttpClusterProbe implements ClusterProbe {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final Duration timeout;

  public HttpClusterProbe(Duration timeout) {
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  @Override
  public boolean answers(URI endpoint) {
    HttpRequest request =
        HttpRequest.newBuilder(endpoint.resolve("/_cluster/health")).timeout(timeout).GET().build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return false;
      }
      JsonNode status = JSON.readTree(response.body()).path("status");
      return status.isTextual() && !status.asText().equals("red");
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
