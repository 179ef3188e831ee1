package io.snapdrill.worker.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.config.AlertWebhookConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts repository alerts to the configured webhook. A few quick attempts, then the failure is logged and
 * counted: the alert itself is already in the log and the metric, and holding the event back for a
 * later retry would judge it again, when a blob healed at once no longer looks harmful and the webhook
 * would never hear of it.
 */
public final class AlertWebhook implements Consumer<RepositoryAlert> {
  private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int ATTEMPTS = 3;

  private final AlertWebhookConfig config;
  private final HttpClient http;
  private final Duration pause;
  private final Runnable onFailure;

  /** @param onFailure told when an alert could not be delivered (a metric) */
  public AlertWebhook(AlertWebhookConfig config, Runnable onFailure) {
    this(config, Duration.ofSeconds(1), onFailure);
  }

  AlertWebhook(AlertWebhookConfig config, Duration pause, Runnable onFailure) {
    this.config = config;
    this.pause = pause;
    this.onFailure = onFailure;
    this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  }

  @Override
  public void accept(RepositoryAlert alert) {
    String why = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      why = post(alert);
      if (why == null) {
        return;
      }
      log.warn("alert webhook {}: attempt {} of {} failed: {}", config.url(), attempt, ATTEMPTS, why);
      if (attempt < ATTEMPTS && !sleep(pause.multipliedBy(attempt))) {
        break;
      }
    }
    log.error("alert webhook {}: not delivered ({}); the alert stands in this log and in"
        + " snapdrill_repository_hidden_blobs: {}", config.url(), why, alert.text());
    onFailure.run();
  }

  /** Null when the endpoint took it, else why not. */
  private String post(RepositoryAlert alert) {
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(config.url()))
          .timeout(Duration.ofSeconds(10))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body(alert))));
      if (config.bearerToken() != null) {
        request.header("Authorization", "Bearer " + config.bearerToken().resolve());
      }
    } catch (JsonProcessingException | IllegalStateException e) {
      return e.getMessage(); // an unset token variable: say which, never its value
    }
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      int status = response.statusCode();
      return status / 100 == 2 ? null : "HTTP " + status + " " + abbreviate(response.body());
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  /** {@code text} for chat webhooks (Slack, Mattermost), {@code alert} for tools that read fields. */
  static Map<String, Object> body(RepositoryAlert alert) {
    return Map.of("text", alert.text(), "alert", Map.of(
        "type", "REPOSITORY_ALERT",
        "cluster", alert.cluster(),
        "copy", alert.copy(),
        "event", alert.event(),
        "bucket", alert.bucket(),
        "key", alert.key(),
        "state", String.valueOf(alert.state()),
        "snapshots", alert.snapshots(),
        "healed", alert.healed() == null ? "" : alert.healed()));
  }

  private static String abbreviate(String body) {
    String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "…";
  }

  private static boolean sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
