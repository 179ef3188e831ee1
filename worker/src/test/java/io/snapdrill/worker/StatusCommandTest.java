package io.snapdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.worker.history.DrillHistory.DrillRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The status table as on-call reads it: durations for people, the snapshot of every drill. */
class StatusCommandTest {
  private static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private PrintStream originalOut;

  @BeforeEach
  void captureOutput() {
    originalOut = System.out;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreOutput() {
    System.setOut(originalOut);
  }

  @Test
  void durationsReadAsPeopleWriteThem() throws Exception {
    StatusCommand.print(List.of(
        new DrillRow("drill-logs-prod-Ab3dUuid", "logs-prod", "Ab3dUuid", "REPORT", "PASSED", "COMPLETED", T0,
            T0.plusNanos(4_189_939_038L), null, null),
        new DrillRow("drill-billing-daily", "billing", "nightly-1", "RESTORE", "FAILED", "FAILED", T0,
            T0.plusSeconds(3 * 3600 + 12 * 60), null, null)), false);

    String table = out.toString(StandardCharsets.UTF_8);
    assertThat(table).contains("4.1 s", "3 h 12 min", "Ab3dUuid").doesNotContain("4.189939038s", "3h12m");
  }

  @Test
  void jsonKeepsMachineValues() throws Exception {
    StatusCommand.print(List.of(new DrillRow("drill-logs-prod-Ab3dUuid", "logs-prod", "Ab3dUuid", "REPORT", "PASSED",
        "COMPLETED", T0, T0.plusSeconds(4), null, null)), true);

    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"startedAt\" : \"2026-12-01T09:00:00Z\"",
        "\"snapshot\" : \"Ab3dUuid\"");
  }
}
