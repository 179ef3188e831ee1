package io.snapdrill.activities.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.model.IndexVerdict;
import io.temporal.common.converter.DefaultDataConverter;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VERIFY's heartbeat details at fleet scale: a retried attempt must resume after the indices already
 * judged, but the details are one payload (Temporal refuses one over 2 MB), so they carry the position
 * and the verdicts of the batch in progress; every earlier verdict is in the report store.
 */
class VerdictLogTest {
  private static final int INDICES = 5_000;
  /** What a heartbeat may weigh whatever the number of indices (the replica check's bound, too). */
  private static final int BOUND = 64 * 1024;

  @TempDir Path reports;

  @Test
  void detailsStaySmallAtFiveThousandIndicesAndARetryGetsEveryVerdictBack() {
    EvidenceStore store = EvidenceStore.inDirectory(reports);
    List<IndexVerdict> verdicts = verdicts(INDICES);
    // every verdict so far, as VERIFY heartbeated before the bound: well over the bound
    assertThat(payloadBytes(new VerifyProgress(verdicts))).isGreaterThan(4 * BOUND);

    VerdictLog log = VerdictLog.resume(VerifyProgress.START, store, "drill-prod-1", 1);
    int largest = 0;
    for (IndexVerdict verdict : verdicts) {
      log.add(verdict);
      largest = Math.max(largest, payloadBytes(log.progress()));
    }

    assertThat(largest).isLessThan(BOUND);
    VerifyProgress last = log.progress();
    assertThat(last.judgedCount()).isEqualTo(INDICES);
    assertThat(last.failedCount()).isEqualTo((int) verdicts.stream().filter(v -> !v.passed()).count());
    VerdictLog retried = VerdictLog.resume(last, store, "drill-prod-1", 2);
    assertThat(retried.verdicts()).isEqualTo(verdicts);
    assertThat(retried.judged()).hasSize(INDICES);
  }

  @Test
  void aRetryResumesFromTheLastHeartbeatThatReachedTheServerWhateverTheLastAttemptWroteSince() {
    EvidenceStore store = EvidenceStore.inDirectory(reports);
    List<IndexVerdict> verdicts = verdicts(300);
    VerdictLog first = VerdictLog.resume(VerifyProgress.START, store, "d", 1);
    verdicts.subList(0, 137).forEach(first::add);
    // the SDK sends a heartbeat only every so often: the server kept this one, the attempt went on
    VerifyProgress kept = first.progress();
    verdicts.subList(137, 250).forEach(first::add);

    VerdictLog second = VerdictLog.resume(kept, store, "d", 2);

    assertThat(second.verdicts()).isEqualTo(verdicts.subList(0, 137));
    assertThat(second.judged()).doesNotContain(verdicts.get(137).index()).contains(verdicts.get(136).index());
    verdicts.subList(137, 300).forEach(second::add);
    // the first attempt outlived its heartbeat timeout and still writes batches of the same positions,
    // judged a little differently (the index changed since): they spoil none of the second's
    verdicts.subList(250, 300).stream()
        .map(v -> new IndexVerdict(v.index(), v.passed(), v.expectedDocuments(), v.actualDocuments() + 1, v.reasons()))
        .forEach(first::add);
    assertThat(VerdictLog.resume(second.progress(), store, "d", 3).verdicts()).isEqualTo(verdicts);
  }

  @Test
  void detailsOfAWorkerBeforeTheBoundResumeAsTheyAlwaysDid() {
    List<IndexVerdict> verdicts = verdicts(30);
    VerdictLog log = VerdictLog.resume(new VerifyProgress(verdicts), EvidenceStore.inDirectory(reports), "d", 2);
    assertThat(log.verdicts()).isEqualTo(verdicts);
    log.add(new IndexVerdict("later", true, 1, 1, List.of()));
    assertThat(VerdictLog.resume(log.progress(), EvidenceStore.inDirectory(reports), "d", 3).verdicts()).hasSize(31);
  }

  /** A realistic mix: most pass, every seventh fails with the reasons a lost shard gives. */
  static List<IndexVerdict> verdicts(int count) {
    return IntStream.range(0, count).mapToObj(i -> {
      String index = "logs-app-2026.11." + i;
      if (i % 7 != 0) {
        return new IndexVerdict(index, true, 1_000_000L + i, 1_000_000L + i, List.of());
      }
      return new IndexVerdict(index, false, 1_000_000L + i, 500_000L, List.of(
          index + " has 500000 documents, the snapshot had " + (1_000_000L + i),
          index + " lacks sample document 'doc-" + i + "-a'",
          index + " query 'recent' matched 0 documents, expected [1, ∞]"));
    }).toList();
  }

  private static int payloadBytes(Object value) {
    return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow().getSerializedSize();
  }
}
