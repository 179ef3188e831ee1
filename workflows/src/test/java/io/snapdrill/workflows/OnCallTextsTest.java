package io.snapdrill.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.model.DeleteMarker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stage details and failure messages are read by people: durations as people write them, never PT4H. */
class OnCallTextsTest {
  private static final List<DeleteMarker> HIDING = List.of(DrillFixtures.markerOnFirstSnapshotBlob());

  @Test
  void durationsInStageDetailsAndFailuresReadAsPeopleWriteThem() {
    List<String> texts = List.of(
        OnCallTexts.replicaNextCheck(DrillFixtures.incompleteReplica("k"), 3, Duration.ofMinutes(4)),
        OnCallTexts.replicaStillIncomplete(DrillFixtures.incompleteReplica("k"), "nightly", 10, Duration.ofHours(2)),
        OnCallTexts.awaitingHealDecision(HIDING.size(), Duration.ofHours(24), "drill-1"),
        OnCallTexts.healNotApproved(null, HIDING, HIDING.size(), Duration.ofMinutes(90)));

    assertThat(texts.get(0)).endsWith("next check in 4 min 00 s");
    assertThat(texts.get(1)).contains("after 10 checks over 2 h 00 min");
    assertThat(texts.get(2)).startsWith("waiting up to 1 d 00 h for an operator");
    assertThat(texts.get(3)).startsWith("no operator decided within 1 h 30 min whether to heal");
    assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContainPattern("PT\\d"));
  }

  /** An audit lists a few of the markers over needed blobs: the texts count them all. */
  @Test
  void healTextsCountEveryMarkerNotOnlyThoseListed() {
    assertThat(OnCallTexts.deleteMarkersNotHealed(HIDING, 7_000))
        .startsWith("7000 delete marker(s) hide blobs snapshots need: s3://").contains(" and 6999 more");
    assertThat(OnCallTexts.awaitingHealDecision(7_000, Duration.ofHours(1), "drill-1")).contains("removing 7000 delete marker(s)");
    assertThat(OnCallTexts.healing(7_000)).isEqualTo("removing 7000 delete marker(s)");
  }
}
