package io.snapdrill.activities.cluster;

import static io.snapdrill.activities.cluster.ClusterFixtures.createIndex;
import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.RestoreConfig;
import io.snapdrill.activities.config.VerificationSpec;
import io.snapdrill.activities.config.VerificationSpec.DocumentCountMode;
import io.snapdrill.activities.config.VerificationSpec.QueryCheck;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.SharedNodes;
import io.snapdrill.model.IndexExpectation;
import io.snapdrill.model.IndexVerdict;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.model.VerificationReport;
import io.snapdrill.model.VerifyRequest;
import io.snapdrill.workflows.activities.RestoreClusterActivities;
import io.temporal.testing.TestActivityEnvironment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The verification spec's checks, against indices on a real node standing in for restored ones. */
class VerificationSpecTest {
  private TestActivityEnvironment env;

  @AfterEach
  void close() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void eachIndexIsJudgedByTheFirstSpecMatchingItsName() {
    LocalNode host = SharedNodes.restore(io.snapdrill.activities.node.NodeDistribution.ELASTICSEARCH_8);
    createIndex(host, "spec-orders", 10);
    createIndex(host, "spec-logs", 8);
    createIndex(host, "spec-metrics", 6);
    createIndex(host, "spec-audit", 4);
    List<IndexExpectation> expectations;
    try (ClusterConnection connection = ClusterConnection.restoreHost(ClusterFixtures.localHost(host),
        io.snapdrill.activities.config.Product.ELASTICSEARCH)) {
      IndexProbe probe = new IndexProbe(connection);
      expectations = List.of(probe.expectation("spec-orders"), probe.expectation("spec-logs"),
          // the snapshot had 9 metrics documents: 6 is 33% off
          withCount(probe.expectation("spec-metrics"), 9), withCount(probe.expectation("spec-audit"), 4));
    }
    List<VerificationSpec> specs = List.of(
        new VerificationSpec("spec-orders", DocumentCountMode.EXACT, null, null, List.of("title", "title.raw", "customer.id"), true, true,
            List.of(new QueryCheck("early orders", "{\"range\":{\"n\":{\"lt\":5}}}", 5L, 5L),
                new QueryCheck("big orders", "{\"range\":{\"n\":{\"gte\":100}}}", 1L, null)), "yellow"),
        new VerificationSpec("spec-logs", DocumentCountMode.MINIMUM, null, 20L, List.of(), false, false, List.of(), null),
        new VerificationSpec("spec-metrics", DocumentCountMode.TOLERANCE, 10.0, null, List.of(), true, true, List.of(), null),
        new VerificationSpec("spec-a*", DocumentCountMode.TOLERANCE, 0.5, null, List.of("n"), true, true,
            List.of(new QueryCheck("all", "{\"match_all\":{}}", 4L, 4L)), "yellow"));
    ClusterConfig cluster = ClusterFixtures.cluster("spec", io.snapdrill.activities.config.Product.ELASTICSEARCH, "http://127.0.0.1:9",
        AuthConfig.NONE, null, "repo", List.of("spec-*"), new RestoreConfig(List.of("spec-*"), List.of(), null, null, null), specs);
    SnapshotInfo info = new SnapshotInfo("repo", "s", "u", "SUCCESS", null, null,
        List.of("spec-audit", "spec-logs", "spec-metrics", "spec-orders"), "elasticsearch", "8.19.21");
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(new RestoreClusterActivitiesImpl(ClusterFixtures.directory(cluster)));
    RestoreClusterActivities activities = ClusterFixtures.stub(env, RestoreClusterActivities.class);

    VerificationReport report = activities.verifyRestore(new VerifyRequest("d", "spec", ClusterFixtures.localHost(host),
        new SnapshotResult(info, expectations, true, null), new RestoreResult(info.indices(), 4, 0)));

    Map<String, IndexVerdict> verdicts = report.indices().stream().collect(Collectors.toMap(IndexVerdict::index, Function.identity()));
    assertThat(verdicts.get("spec-orders").reasons()).containsExactly(
        "spec-orders mapping lacks required field 'customer.id'",
        "spec-orders query 'big orders' matched 0 documents, expected [1, ∞]");
    assertThat(verdicts.get("spec-logs").reasons()).containsExactly("spec-logs has 8 documents, at least 20 required");
    assertThat(verdicts.get("spec-metrics").reasons())
        .containsExactly("spec-metrics has 6 documents, 33.33% off the snapshot's 9 (tolerance 10.00%)");
    assertThat(verdicts.get("spec-audit").passed()).isTrue();
    assertThat(report.clusterHealth()).isIn("green", "yellow");
    assertThat(report.problems()).isEmpty();
    assertThat(report.passed()).isFalse();
  }

  @Test
  void inexactExpectationsTreatTheCountAsAnUpperBound() {
    var exact = new VerificationSpec("*", null, null, null, null, null, null, null, null);
    assertThat(RestoreVerifier.countReason(exact, 100, 99, true)).contains("has 99 documents, the snapshot had 100");
    assertThat(RestoreVerifier.countReason(exact, 100, 99, false)).isEmpty();
    assertThat(RestoreVerifier.countReason(exact, 100, 0, false)).isPresent();
    assertThat(RestoreVerifier.countReason(exact, 100, 101, false)).isPresent();
    assertThat(RestoreVerifier.countReason(exact, 0, 0, false)).isEqualTo(Optional.empty());
  }

  private static IndexExpectation withCount(IndexExpectation e, long count) {
    return new IndexExpectation(e.index(), count, e.mappingFingerprint(), e.samples());
  }
}
