package io.snapdrill.activities.config;

/**
 * Where the repository sentinel also sends its alerts, besides the log and the metric: an HTTPS endpoint
 * that takes a JSON POST. The body's {@code text} field holds the alert as one line, so a Slack or
 * Mattermost incoming webhook shows it as is; {@code alert} holds the same facts as fields for a pager
 * or an incident tool.
 *
 * @param url the endpoint (http:// only on loopback, for tests and local mode)
 * @param bearerToken optional, sent as {@code Authorization: Bearer ...}; {@code {env: NAME}} or {@code {file: /path}}
 */
public record AlertWebhookConfig(String url, SecretRef bearerToken) {}
