package io.snapdrill.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.config.SnapdrillConfig;
import org.junit.jupiter.api.Test;

/** The triggers and schedules sections: defaults, and errors that name the field. */
public class OperationsConfigTest {
  /** One cluster, logs-prod; other tests add sections (or clusters) after it. */
  public static final String CLUSTERS = """
      clusters:
        - name: logs-prod
          product: elasticsearch
          endpoint: https://logs.example.com:9200
          repository: s3-backups
          storage:
            primary: {bucket: logs-snapshots, prefix: prod/logs, region: us-east-1}
            replica: {bucket: logs-snapshots-dr, prefix: prod/logs, region: us-west-2}
      """;

  @Test
  void triggersAndSchedulesLoadWithDefaults() {
    SnapdrillConfig config = ConfigLoader.parse("snapdrill.yaml", CLUSTERS + """
        triggers:
          queueUrl: https://sqs.us-east-1.amazonaws.com/111122223333/snapshot-events
          region: us-east-1
        schedules:
          dailyDrills:
            - {cluster: logs-prod, at: "03:30"}
        """);

    assertThat(config.triggers().queueUrl()).endsWith("/snapshot-events");
    assertThat(config.triggers().waitSeconds()).isEqualTo(20);
    assertThat(config.triggers().deadLetterDirectory()).isEqualTo("snapdrill-dead-letters");
    assertThat(config.schedules().janitorEveryMinutes()).isEqualTo(60);
    assertThat(config.schedules().dailyDrills()).singleElement()
        .satisfies(d -> assertThat(d.at()).isEqualTo("03:30"));

    SnapdrillConfig bare = ConfigLoader.parse("snapdrill.yaml", CLUSTERS);
    assertThat(bare.triggers().queueUrl()).isNull();
    assertThat(bare.schedules().dailyDrills()).isEmpty();
  }

  @Test
  void badTriggerAndScheduleSettingsAreNamedByField() {
    assertThatThrownBy(() -> ConfigLoader.parse("snapdrill.yaml", CLUSTERS + """
        triggers:
          queueUrl: snapshot-events
          waitSeconds: 40
        schedules:
          janitorEveryMinutes: 0
          dailyDrills:
            - {cluster: billing, at: "03:30"}
            - {cluster: logs-prod, at: "25:00"}
        restoreAThon:
          cron: "0 6 1-7 */3"
        """))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("triggers.queueUrl: 'snapshot-events' is not an http:// or https:// URL")
        .hasMessageContaining("triggers.waitSeconds")
        .hasMessageContaining("schedules.janitorEveryMinutes: must be 1 or more")
        .hasMessageContaining("schedules.dailyDrills[0].cluster: 'billing' is not a configured cluster")
        .hasMessageContaining("schedules.dailyDrills[1].at")
        .hasMessageContaining("restoreAThon.cron: '0 6 1-7 */3' is not a 5-field cron expression");
  }
}
