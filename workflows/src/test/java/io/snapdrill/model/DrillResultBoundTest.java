package io.snapdrill.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.converter.DefaultDataConverter;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A failed drill's result is the details of the workflow's failure and the report's input: one payload,
 * bounded as a whole whatever failed, not only field by field.
 */
class DrillResultBoundTest {
  /** What a drill's result may weigh, whatever the fleet and whatever failed. */
  private static final int BOUND = 64 * 1024;
  private static final int INDICES = 5_000;

  @Test
  void theWorstFailedDrillStaysUnderTheBoundAndSaysWhatItLeftOut() {
    DrillResult worst = worstCase();
    assertThat(payloadBytes(worst)).as("unbounded").isGreaterThan(10 * BOUND);

    DrillResult bounded = worst.bounded();

    assertThat(payloadBytes(bounded)).isLessThan(BOUND);
    // the message keeps its start (what failed) and its end (what to do about it), and says how much is left out
    assertThat(bounded.failureMessage()).hasSizeLessThanOrEqualTo(DrillResult.MESSAGE_CHARS + 100)
        .startsWith("restoring snapshot 'nightly' failed for 5000 shard(s): [logs-app-0][0]")
        .endsWith("(delete the index or fix the shard, then run the drill again)")
        .contains("characters left out");
    assertThat(bounded.warnings()).hasSize(DrillResult.WARNINGS_LISTED + 1);
    assertThat(bounded.warnings().get(DrillResult.WARNINGS_LISTED))
        .isEqualTo("and " + (INDICES - DrillResult.WARNINGS_LISTED) + " more warnings");
    assertThat(bounded.warnings().get(0)).hasSizeLessThanOrEqualTo(DrillResult.TEXT_CHARS + 100);
    assertThat(bounded.stages()).allSatisfy(s -> assertThat(s.detail()).hasSizeLessThanOrEqualTo(DrillResult.TEXT_CHARS + 100));
    // counts survive the bound
    assertThat(bounded.snapshot().totalIndices()).isEqualTo(INDICES);
    assertThat(bounded.snapshot().indices()).hasSize(SnapshotInfo.LISTED);
    assertThat(bounded.restore().totalIndices()).isEqualTo(INDICES);
    assertThat(bounded.restore().indices()).hasSize(RestoreResult.LISTED);
    assertThat(bounded.verification().failedIndices()).isEqualTo(INDICES);
    // bounding twice changes nothing
    assertThat(bounded.bounded()).isEqualTo(bounded);
  }

  @Test
  void aResultWithinTheBoundIsLeftAsItIs() {
    DrillResult small = DrillResult.failedEarly("d", "c", FailureType.RESTORE_FAILED, "restoring failed for 1 shard(s): [a][0] no");
    assertThat(small.bounded()).isEqualTo(small);
    assertThat(DrillResult.capped("short", 10)).isEqualTo("short");
    // a character outside the BMP is never cut in half
    String emoji = "😀".repeat(3_000);
    String cut = DrillResult.capped(emoji, 1_001);
    assertThat(cut.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
    assertThat(Character.isHighSurrogate(cut.charAt(cut.indexOf(" [") - 1))).isFalse();
  }

  private static DrillResult worstCase() {
    List<String> names = IntStream.range(0, INDICES).mapToObj(i -> "logs-app-" + i).toList();
    String shards = String.join("; ", names.stream().map(n -> "[" + n + "][0] failed to recover: no such blob in repository").toList());
    String message = "restoring snapshot 'nightly' failed for " + INDICES + " shard(s): " + shards
        + " (delete the index or fix the shard, then run the drill again)";
    SnapshotInfo snapshot = new SnapshotInfo("repo", "nightly", "u", "SUCCESS", Instant.EPOCH, Instant.EPOCH, names,
        "elasticsearch", "8.19.21");
    List<StageRecord> stages = Arrays.stream(Stage.values())
        .map(s -> new StageRecord(s, StageStatus.FAILED, Instant.EPOCH, Instant.EPOCH, message, FailureType.RESTORE_FAILED)).toList();
    List<String> warnings = names.stream().map(n -> "lifecycle rule 'tiering-" + n + "' is filtered on tags: " + "x".repeat(2_000)).toList();
    List<IndexVerdict> verdicts = names.stream()
        .map(n -> new IndexVerdict(n, false, 10, 0, List.of("index " + n + " was not restored"))).toList();
    VerificationReport verification = new VerificationReport(verdicts, "red", List.of("restore cluster health is red"))
        .bounded(new StoredEvidence("/reports/d/evidence/verification-verdicts.json", "%064x".formatted(1), INDICES));
    return new DrillResult("drill-prod-1", "prod", DrillOutcome.FAILED, FailureType.RESTORE_FAILED, message, snapshot, stages,
        Instant.EPOCH, Instant.EPOCH, 0L, null, null, null, null, null, null, null, null, null, List.of(), null,
        new RestoreResult(names, INDICES, 0), verification, warnings, new ReportLocation("a.json", "a.md", "a.html"));
  }

  private static int payloadBytes(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow().getSerializedSize();
  }
}
