package io.snapdrill.activities.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.IntelligentTieringAccessTier;
import software.amazon.awssdk.services.s3.model.IntelligentTieringConfiguration;
import software.amazon.awssdk.services.s3.model.IntelligentTieringStatus;

/**
 * No local S3 server implements Intelligent-Tiering configurations (S3Mock and local-s3 answer with
 * errors, which the audit treats as "none"), so the analysis is checked on the SDK's objects.
 */
class IntelligentTieringAnalyzerTest {

  @Test
  void archiveTiersOverTheRepositoryAreHazards() {
    List<LifecycleFinding> findings = IntelligentTieringAnalyzer.analyze("b", "snapshots/prod/", List.of(
        config("whole-bucket", null, IntelligentTieringStatus.ENABLED),
        config("purge-only", "auto-purge/", IntelligentTieringStatus.ENABLED),
        config("paused", null, IntelligentTieringStatus.DISABLED)));
    assertThat(findings).extracting(LifecycleFinding::ruleId, LifecycleFinding::verdict).containsExactly(
        org.assertj.core.groups.Tuple.tuple("intelligent-tiering:whole-bucket", LifecycleVerdict.HAZARD),
        org.assertj.core.groups.Tuple.tuple("intelligent-tiering:purge-only", LifecycleVerdict.SAFE),
        org.assertj.core.groups.Tuple.tuple("intelligent-tiering:paused", LifecycleVerdict.SAFE));
    assertThat(findings.get(0).reason()).contains("ARCHIVE_ACCESS after 90 days");
    assertThat(findings.get(0).fix()).doesNotContain("auto-purge/").contains("except 'snapshots/'");
  }

  @Test
  void theFixFitsTheBucketAndTheRepository() {
    List<LifecycleFinding> findings = IntelligentTieringAnalyzer.analyze("b", "snapshots/prod/", List.of(
        config("snapshots-tree", "snapshots/", IntelligentTieringStatus.ENABLED),
        config("inside", "snapshots/prod/indices/", IntelligentTieringStatus.ENABLED),
        config("beside", "snapshots/prod/scratch/", IntelligentTieringStatus.ENABLED)));
    assertThat(findings).extracting(LifecycleFinding::verdict).containsExactly(
        LifecycleVerdict.HAZARD, LifecycleVerdict.HAZARD, LifecycleVerdict.SAFE);
    assertThat(findings.get(0).fix()).doesNotContain("auto-purge/").contains("'snapshots/'")
        .contains("except 'snapshots/prod/'");
    assertThat(findings.get(1).fix()).doesNotContain("auto-purge/").contains("remove its archive tierings");
  }

  @Test
  void tagFilteredArchiveTierIsAWarning() {
    IntelligentTieringConfiguration tagged = IntelligentTieringConfiguration.builder().id("tagged")
        .status(IntelligentTieringStatus.ENABLED)
        .filter(f -> f.tag(t -> t.key("archive").value("yes")))
        .tierings(t -> t.accessTier(IntelligentTieringAccessTier.DEEP_ARCHIVE_ACCESS).days(180)).build();
    assertThat(IntelligentTieringAnalyzer.analyze("b", "snapshots/prod/", List.of(tagged))).singleElement()
        .satisfies(f -> {
          assertThat(f.verdict()).isEqualTo(LifecycleVerdict.WARNING);
          assertThat(f.reason()).contains("{archive=yes}").contains("DEEP_ARCHIVE_ACCESS after 180 days");
          assertThat(f.fix()).contains("tagged");
        });
  }

  private static IntelligentTieringConfiguration config(String id, String prefix, IntelligentTieringStatus status) {
    var builder = IntelligentTieringConfiguration.builder().id(id).status(status)
        .tierings(t -> t.accessTier(IntelligentTieringAccessTier.ARCHIVE_ACCESS).days(90));
    if (prefix != null) {
      builder.filter(f -> f.prefix(prefix));
    }
    return builder.build();
  }
}
