package io.snapdrill.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.model.DrillSettings;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ReplicaBackoffTest {
  private static final Instant START = Instant.parse("2026-11-22T06:00:00Z");

  @Test
  void pausesDoubleUpToTheLongestAndNeverPassTheDeadline() {
    ReplicaBackoff backoff = new ReplicaBackoff(
        new DrillSettings(Duration.ofMinutes(20), Duration.ofMinutes(1), Duration.ofMinutes(5), null, null), START);

    assertThat(backoff.next(START)).isEqualTo(Duration.ofMinutes(1));
    assertThat(backoff.next(START.plus(Duration.ofMinutes(1)))).isEqualTo(Duration.ofMinutes(2));
    assertThat(backoff.next(START.plus(Duration.ofMinutes(3)))).isEqualTo(Duration.ofMinutes(4));
    assertThat(backoff.next(START.plus(Duration.ofMinutes(7)))).isEqualTo(Duration.ofMinutes(5));
    assertThat(backoff.next(START.plus(Duration.ofMinutes(12)))).isEqualTo(Duration.ofMinutes(5));
    // 3 minutes left: the last pause ends at the deadline, after it there is none.
    assertThat(backoff.next(START.plus(Duration.ofMinutes(17)))).isEqualTo(Duration.ofMinutes(3));
    assertThat(backoff.next(START.plus(Duration.ofMinutes(20)))).isNull();
  }
}
