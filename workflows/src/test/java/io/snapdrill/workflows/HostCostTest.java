package io.snapdrill.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.model.HostCost;
import io.snapdrill.model.RestoreHost;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostCostTest {
  private static final Instant LAUNCH = Instant.parse("2026-11-22T05:00:00Z");

  private static RestoreHost host(Double price) {
    return new RestoreHost("k", "ec2", "i-1", "http://10.0.0.5:9200", "m6i.xlarge", "us-west-2a", price != null, price, LAUNCH);
  }

  @Test
  void priceTimesHoursWithEc2sOneMinuteMinimum() {
    assertThat(HostCost.estimateUsd(0.0712, Duration.ofMinutes(90))).isEqualTo(0.107);
    assertThat(HostCost.estimateUsd(0.60, Duration.ofSeconds(10))).isEqualTo(0.01);
    assertThat(HostCost.estimateUsd(host(0.20), LAUNCH.plus(Duration.ofHours(3)))).isEqualTo(0.6);
  }

  @Test
  void unknownPricesStayUnknownInsteadOfCountingAsFree() {
    assertThat(HostCost.estimateUsd(host(null), LAUNCH.plus(Duration.ofHours(1)))).isNull();
    assertThat(HostCost.totalUsd(List.of(host(null)), LAUNCH.plus(Duration.ofHours(1)))).isNull();
    assertThat(HostCost.totalUsd(List.of(host(null), host(0.10), host(0.30)), LAUNCH.plus(Duration.ofHours(2)))).isEqualTo(0.8);
  }
}
