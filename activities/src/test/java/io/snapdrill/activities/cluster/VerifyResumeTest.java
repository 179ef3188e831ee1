package io.snapdrill.activities.cluster;

import static io.snapdrill.activities.cluster.ClusterFixtures.createIndex;
import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.config.AuthConfig;
import io.snapdrill.activities.config.ClusterConfig;
import io.snapdrill.activities.config.Product;
import io.snapdrill.activities.config.RestoreConfig;
import io.snapdrill.activities.config.VerificationSpec;
import io.snapdrill.activities.config.VerificationSpec.DocumentCountMode;
import io.snapdrill.activities.config.VerificationSpec.QueryCheck;
import io.snapdrill.activities.evidence.EvidenceStore;
import io.snapdrill.activities.node.LocalNode;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.node.SharedNodes;
import io.snapdrill.model.IndexExpectation;
import io.snapdrill.model.IndexVerdict;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.SnapshotInfo;
import io.snapdrill.model.SnapshotResult;
import io.snapdrill.model.StoredEvidence;
import io.snapdrill.model.VerificationReport;
import io.snapdrill.model.VerifyRequest;
import io.snapdrill.workflows.activities.RestoreClusterActivities;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VERIFY on a large restore runs for a long time: it heartbeats before every request to the host and
 * a retried attempt (worker crash, heartbeat timeout) resumes after the last index it judged.
 */
class VerifyResumeTest {
  private static final List<String> INDICES = List.of("resume-a", "resume-b");

  private LocalNode host;
  private List<IndexExpectation> expectations;
  private TestActivityEnvironment env;
  private RestoreClusterActivities activities;
  private EvidenceStore store;
  @TempDir Path reports;

  @BeforeEach
  void setUp() {
    host = SharedNodes.restore(NodeDistribution.ELASTICSEARCH_8);
    ClusterFixtures.request(host, "DELETE", "/" + String.join(",", INDICES) + "?ignore_unavailable=true", null);
    createIndex(host, "resume-a", 3);
    createIndex(host, "resume-b", 5);
    try (ClusterConnection connection = ClusterConnection.restoreHost(ClusterFixtures.localHost(host), Product.ELASTICSEARCH)) {
      IndexProbe probe = new IndexProbe(connection);
      expectations = INDICES.stream().map(probe::expectation).toList();
    }
    List<VerificationSpec> specs = List.of(new VerificationSpec("resume-*", DocumentCountMode.EXACT, null, null, List.of(), true, true,
        List.of(new QueryCheck("all", "{\"match_all\":{}}", 1L, null), new QueryCheck("some", "{\"range\":{\"n\":{\"lt\":2}}}", 1L, null)),
        "yellow"));
    ClusterConfig cluster = ClusterFixtures.cluster("resume", Product.ELASTICSEARCH, "http://127.0.0.1:9", AuthConfig.NONE, null,
        "repo", List.of("resume-*"), new RestoreConfig(List.of("resume-*"), List.of(), null, null, null), specs);
    env = TestActivityEnvironment.newInstance();
    store = EvidenceStore.inDirectory(reports);
    env.registerActivitiesImplementations(new RestoreClusterActivitiesImpl(ClusterFixtures.directory(cluster),
        RestoreClusterActivitiesImpl.HOST_LOST_AFTER, io.snapdrill.activities.host.RestoreHostLease.NONE, store));
    activities = ClusterFixtures.stub(env, RestoreClusterActivities.class);
  }

  @AfterEach
  void close() {
    env.close();
  }

  @Test
  void aRetriedAttemptKeepsTheVerdictsAnOlderWorkerHeartbeatedAndJudgesOnlyTheRest() {
    // a verdict no real check produces: seen in the report only if it came from the heartbeat
    IndexVerdict fromLastAttempt = new IndexVerdict("resume-a", false, 3, 2, List.of("judged by the attempt before"));
    env.setHeartbeatDetails(new VerifyProgress(List.of(fromLastAttempt)));

    VerificationReport report = activities.verifyRestore(request());

    assertThat(report.indices()).extracting(IndexVerdict::index).containsExactly("resume-a", "resume-b");
    assertThat(report.indices().get(0)).isEqualTo(fromLastAttempt);
    assertThat(report.indices().get(1).passed()).as(report.indices().get(1).reasons().toString()).isTrue();
  }

  @Test
  void aRetriedAttemptReadsBackTheVerdictsTheLastAttemptStoredAndJudgesOnlyTheRest() {
    // the last attempt stored a batch (a verdict no real check produces) and heartbeated where it is
    IndexVerdict fromLastAttempt = new IndexVerdict("resume-a", false, 3, 2, List.of("judged by the attempt before"));
    StoredEvidence batch = store.put("d", "verification-progress-1-0", List.of(new VerdictLog.Batch(null, List.of(fromLastAttempt))));
    env.setHeartbeatDetails(new VerifyProgress(List.of(), batch, 1, 1));

    VerificationReport report = activities.verifyRestore(request());

    assertThat(report.indices()).extracting(IndexVerdict::index).containsExactly("resume-a", "resume-b");
    assertThat(report.indices().get(0)).isEqualTo(fromLastAttempt);
    assertThat(report.indices().get(1).passed()).as(report.indices().get(1).reasons().toString()).isTrue();
  }

  @Test
  void heartbeatsItsProgressBeforeTheFirstRequestToTheHost() {
    List<VerifyProgress> beats = new ArrayList<>();
    env.setActivityHeartbeatListener(VerifyProgress.class, beats::add);

    VerificationReport report = activities.verifyRestore(request());

    // (the shared node's health belongs to every test that restores on it: only the verdicts are this test's)
    assertThat(report.indices()).as(report.toString()).allMatch(IndexVerdict::passed);
    // the SDK throttles what reaches the server to one beat per 80% of the heartbeat timeout, so the
    // listener sees the first; that every request is preceded by one is the connection's hook below
    assertThat(beats).isNotEmpty();
    assertThat(beats.get(0).verdicts()).isEmpty();
    assertThat(beats.get(0).judgedCount()).isZero();
  }

  @Test
  void theConnectionRunsItsHookBeforeEveryRequest() {
    AtomicInteger hooks = new AtomicInteger();
    try (ClusterConnection connection = ClusterConnection.restoreHost(ClusterFixtures.localHost(host), Product.ELASTICSEARCH)) {
      connection.beforeEachRequest(hooks::incrementAndGet);
      connection.get("/_cluster/health");
      connection.send("HEAD", "/resume-a", null);
      connection.send("GET", "/no-such-index", null);
    }
    assertThat(hooks).hasValue(3);
  }

  private VerifyRequest request() {
    SnapshotInfo info = new SnapshotInfo("repo", "s", "u", "SUCCESS", null, null, INDICES, "elasticsearch", "8.19.21");
    return new VerifyRequest("d", "resume", ClusterFixtures.localHost(host), new SnapshotResult(info, expectations, true, null),
        new RestoreResult(INDICES, 2, 0));
  }
}
