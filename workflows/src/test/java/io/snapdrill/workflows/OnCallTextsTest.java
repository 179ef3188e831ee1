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
        OnCallTexts.awaitingHealDecision(HIDING, Duration.ofHours(24), "drill-1"),
        OnCallTexts.healNotApproved(null, HIDING, Duration.ofMinutes(90)));

    assertThat(texts.get(0)).endsWith("next check in 4 min 00 s");
    assertThat(texts.get(1)).contains("after 10 checks over 2 h 00 min");
    assertThat(texts.get(2)).startsWith("waiting up to 1 d 00 h for an operator");
    assertThat(texts.get(3)).startsWith("no operator decided within 1 h 30 min whether to heal");
    assertThat(texts).allSatisfy(t -> assertThat(t).doesNotContainPattern("PT\\d"));
  }
}
