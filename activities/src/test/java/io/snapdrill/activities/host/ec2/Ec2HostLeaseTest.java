package io.snapdrill.activities.host.ec2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.error;
import static io.snapdrill.activities.host.ec2.Ec2QueryApi.requests;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.snapdrill.model.RestoreHost;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A restore that makes progress moves its host's expiry tag forward: one CreateTags per quarter TTL. */
class Ec2HostLeaseTest {
  private static final RestoreHost HOST =
      new RestoreHost("key-1", "ec2", "i-0restore", "http://10.0.0.7:9200", "m6i.xlarge", "us-west-2a", true, 0.07, null);

  private WireMockServer ec2;
  private Instant now = Instant.parse("2026-12-02T08:00:00Z");
  private Ec2HostLease lease;

  @BeforeEach
  void start() {
    ec2 = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    ec2.start();
    Clock clock = new Clock() {
      @Override
      public ZoneOffset getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return now;
      }
    };
    // the test configuration's TTL is 6 h: a write at most every 90 minutes
    lease = new Ec2HostLease(Ec2TestConfig.directory(List.of("m6i.xlarge"), List.of(), false), Ec2QueryApi.clients(ec2), clock);
  }

  @AfterEach
  void stop() {
    Ec2QueryApi.assertEveryActionDeclared(ec2);
    ec2.stop();
  }

  @Test
  void movesTheExpiryTagToOneTtlFromNowAtMostEveryQuarterTtl() {
    ec2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("CreateTags")).willReturn(createTags()));

    lease.renew(HOST);
    now = now.plus(Duration.ofMinutes(89));
    lease.renew(HOST);
    now = now.plus(Duration.ofMinutes(2));
    lease.renew(HOST);

    List<Map<String, String>> writes = requests(ec2, "CreateTags");
    assertThat(writes).hasSize(2);
    assertThat(writes.get(0)).containsEntry("ResourceId.1", "i-0restore")
        .containsEntry("Tag.1.Key", RestoreHostTags.EXPIRES_AT)
        .containsEntry("Tag.1.Value", "2026-12-02T14:00:00Z")
        .doesNotContainKey("Tag.2.Key");
    assertThat(writes.get(1)).containsEntry("Tag.1.Value", "2026-12-02T15:31:00Z");
  }

  @Test
  void aRefusedWriteIsLoggedNotFatalAndNotRepeatedAtEveryPoll() {
    ec2.stubFor(post(urlEqualTo("/")).withFormParam("Action", equalTo("CreateTags"))
        .willReturn(error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.")));

    lease.renew(HOST);
    lease.renew(HOST);

    assertThat(requests(ec2, "CreateTags")).hasSize(1);
  }

  @Test
  void localHostsHaveNoLease() {
    lease.renew(new RestoreHost("key-2", "local", "restore-node", "http://127.0.0.1:9201", null, null, false, null, null));

    assertThat(requests(ec2, "CreateTags")).isEmpty();
  }

  /** The documented CreateTags response. */
  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder createTags() {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/xml;charset=UTF-8")
        .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CreateTagsResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
            + "<requestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</requestId><return>true</return></CreateTagsResponse>");
  }
}
