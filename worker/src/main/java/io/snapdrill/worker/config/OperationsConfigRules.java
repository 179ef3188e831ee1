package io.snapdrill.worker.config;

import io.snapdrill.activities.config.ScheduleConfig;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.TriggerConfig;
import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Cross-field rules of the triggers, schedules and restore-a-thon sections, each naming its field path. */
final class OperationsConfigRules {
  private OperationsConfigRules() {}

  static void check(SnapdrillConfig config, List<String> problems) {
    TriggerConfig triggers = config.triggers();
    url("triggers.queueUrl", triggers.queueUrl(), problems);
    url("triggers.endpoint", triggers.endpoint(), problems);
    url("triggers.deadLetterQueueUrl", triggers.deadLetterQueueUrl(), problems);
    if (triggers.alertWebhook() != null) {
      String at = "triggers.alertWebhook.url";
      String webhook = triggers.alertWebhook().url();
      if (webhook == null || webhook.isBlank()) {
        problems.add(at + ": required (the endpoint repository alerts are posted to)");
      } else {
        url(at, webhook, problems);
        if (webhook.startsWith("http://") && !isLoopback(webhook)) {
          problems.add(at + ": '" + webhook + "' is plain http off this machine; alerts name buckets and keys,"
              + " and the token would travel in clear: use https://");
        }
      }
    }

    ScheduleConfig schedules = config.schedules();
    if (schedules.janitorEveryMinutes() < 1) {
      problems.add("schedules.janitorEveryMinutes: must be 1 or more");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < schedules.dailyDrills().size(); i++) {
      ScheduleConfig.DailyDrill daily = schedules.dailyDrills().get(i);
      String at = "schedules.dailyDrills[" + i + "]";
      if (daily == null) {
        problems.add(at + ": empty entry");
      } else if (daily.cluster() != null && !daily.cluster().isBlank()) {
        if (config.cluster(daily.cluster()).isEmpty()) {
          problems.add(at + ".cluster: '" + daily.cluster() + "' is not a configured cluster");
        } else if (!seen.add(daily.cluster())) {
          problems.add(at + ".cluster: '" + daily.cluster() + "' already has a daily drill");
        }
      }
    }

    String cron = config.restoreAThon().cron();
    if (cron != null && !cron.isBlank() && !cron.trim().startsWith("@") && cron.trim().split("\\s+").length != 5) {
      problems.add("restoreAThon.cron: '" + cron + "' is not a 5-field cron expression (minute hour day-of-month"
          + " month day-of-week); leave it out for the first Monday of each quarter at 06:00 UTC");
    }
  }

  private static boolean isLoopback(String url) {
    try {
      String host = URI.create(url).getHost();
      return host != null && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"));
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void url(String at, String value, List<String> problems) {
    if (value == null || value.isBlank()) {
      return;
    }
    try {
      URI uri = URI.create(value);
      if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
        return;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    problems.add(at + ": '" + value + "' is not an http:// or https:// URL");
  }
}
