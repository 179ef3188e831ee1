package io.snapdrill.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HumanDurationTest {

  @ParameterizedTest
  @CsvSource({
      "0, 0 s",
      "420, 420 ms",
      "2117, 2.1 s",
      "9960, 9.9 s",
      "42000, 42 s",
      "252000, 4 min 12 s",
      "3605000, 1 h 00 min",
      "3780000, 1 h 03 min",
      "11520000, 3 h 12 min",
      "190800000, 2 d 05 h",
      "-2117, -2.1 s"})
  void readsAsPeopleWriteIt(long millis, String expected) {
    assertThat(HumanDuration.of(Duration.ofMillis(millis))).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(value = {"NULL, n/a", "95, 1 min 35 s"}, nullValues = "NULL")
  void secondsFromResults(Long seconds, String expected) {
    assertThat(HumanDuration.ofSeconds(seconds)).isEqualTo(expected);
  }
}
