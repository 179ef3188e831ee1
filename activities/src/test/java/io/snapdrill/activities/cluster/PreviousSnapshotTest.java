package io.snapdrill.activities.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RestoreConfig;
import io.snapdrill.model.SnapshotInfo;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The previous restorable snapshot, for the RPO: as _cat/snapshots lists them (epochs as strings, any order). */
class PreviousSnapshotTest {
  private static final Instant START = Instant.parse("2026-11-20T06:00:00Z");

  private WireMockServer cluster;

  @BeforeEach
  void start() {
    cluster = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
    cluster.start();
  }

  @AfterEach
  void stop() {
    cluster.stop();
  }

  private Instant previous() {
    SnapshotInfo restored = new SnapshotInfo("backups", "nightly-2026.11.20", "u3", "SUCCESS", START,
        START.plusSeconds(42), List.of("logs"), "elasticsearch", "8.19.3");
    try (ClusterConnection connection = ClusterConnection.open(ClusterFixtures.cluster("logs", Product.ELASTICSEARCH,
        cluster.baseUrl(), AuthConfig.NONE, null, "backups", List.of("*"), RestoreConfig.DEFAULTS, List.of()))) {
      return SourceClusterActivitiesImpl.previousSuccess(connection, restored);
    }
  }

  /** The one request asked: the repository's snapshots, only the columns needed. */
  private static MappingBuilder listing() {
    return get(urlPathEqualTo("/_cat/snapshots/backups")).withQueryParam("format", equalTo("json"))
        .withQueryParam("h", equalTo("id,status,start_epoch"));
  }

  private static String row(String id, String status, Instant start) {
    return "{\"id\":\"" + id + "\",\"status\":\"" + status + "\",\"start_epoch\":\"" + start.getEpochSecond() + "\"}";
  }

  @Test
  void theNewestEarlierSuccessIsThePreviousRestorablePoint() {
    cluster.stubFor(listing().willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody("[" + String.join(",",
            row("nightly-2026.11.20", "SUCCESS", START),
            row("later", "SUCCESS", START.plusSeconds(3600)),
            row("nightly-2026.11.18", "SUCCESS", START.minusSeconds(2 * 86_400)),
            row("nightly-2026.11.19", "SUCCESS", START.minusSeconds(86_400)),
            row("half", "PARTIAL", START.minusSeconds(3600)),
            row("broken", "FAILED", START.minusSeconds(7200))) + "]")));

    assertThat(previous()).isEqualTo(START.minusSeconds(86_400));
  }

  @Test
  void noEarlierSuccessOrNoListingLeavesItUnknown() {
    cluster.stubFor(listing().willReturn(aResponse().withHeader("Content-Type", "application/json")
        .withBody("[" + row("nightly-2026.11.20", "SUCCESS", START) + "]")));
    assertThat(previous()).isNull();

    cluster.resetAll();
    cluster.stubFor(listing().willReturn(aResponse().withStatus(500)
        .withHeader("Content-Type", "application/json").withBody("{\"error\":{\"type\":\"exception\",\"reason\":\"boom\"}}")));
    assertThat(previous()).isNull();
  }
}
