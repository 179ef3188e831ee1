package io.snapdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.DirectoryBlobStore;
import io.snapdrill.activities.blob.RequestCounter;
import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.repository.RepositoryData;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.worker.offline.RepositoryInspection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code inspect-repo} over a whole repository: a line per snapshot, shared blobs named once with the
 * snapshots they break, the newest restorable snapshot and its age, exit 1 when a snapshot cannot be
 * restored, {@code --json} in every mode. On the repositories real Elasticsearch 8.19 and OpenSearch
 * 2.18 nodes wrote (snap-1 and snap-2 of logs and metrics, snap-3 of logs), in a directory and in a
 * versioned bucket on S3Mock.
 */
class InspectRepoCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** snap-3 of the Elasticsearch fixture started at 1795324233333 ms; "now" is 2 days 5 hours later. */
  private static final Instant NOW = Instant.ofEpochMilli(1795324233333L).plus(Duration.ofHours(53));

  private record Run(int exitCode, String out, String err) {}

  private static Run inspectRepo(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = new CommandLine(new InspectRepoCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
        .execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static Run inspect(BlobStore store, String snapshot, boolean all, boolean json) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = RepositoryInspection.run(store, new RepositoryInspection.Options(snapshot, all, json), NOW,
        new PrintWriter(out), new PrintWriter(err));
    return new Run(exitCode, out.toString(), err.toString());
  }

  @Test
  void aWholeRepositoryExitsZeroWithALinePerSnapshotAndTheNewestRestorable(@TempDir Path dir) {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir.resolve("repo"));
    Run run = inspect(new DirectoryBlobStore(repo), null, false, false);

    assertThat(run.exitCode()).as(run.out()).isZero();
    for (String name : List.of("snap-1", "snap-2", "snap-3")) {
      assertThat(run.out().lines()).as(name).filteredOn(l -> l.startsWith("  " + name + " ")).singleElement()
          .asString().contains("restorable").doesNotContain("NOT RESTORABLE");
    }
    assertThat(run.out()).contains("Newest restorable snapshot: snap-3 [")
        .contains("started 2026-11-22T05:10:33.333Z").contains("2 d 05 h ago")
        .contains("All 3 snapshots can be restored from this copy.")
        .doesNotContain("Blobs that break several snapshots");

    Run viaCommand = inspectRepo(repo.toString());
    assertThat(viaCommand.exitCode()).isZero();
    assertThat(viaCommand.out()).contains("Newest restorable snapshot: snap-3");
  }

  /** OpenSearch records start times only in each snapshot's own blob: the age still shows. */
  @Test
  void theNewestRestorableSnapshotOfAnOpenSearchRepositoryHasItsAge(@TempDir Path dir) {
    Path repo = FixtureRepositories.copy(FixtureRepositories.OPENSEARCH, dir.resolve("repo"));
    Run run = inspect(new DirectoryBlobStore(repo), null, false, true);
    assertThat(run.exitCode()).isZero();
    JsonNode json = read(run.out());
    assertThat(json.path("newestRestorable").path("name").asText()).isEqualTo("snap-3");
    assertThat(json.path("newestRestorable").path("startTime").isTextual()).isTrue();
    assertThat(json.path("newestRestorable").path("ageSeconds").isNumber()).isTrue();
  }

  /**
   * The restore-a-thon damage in a directory: a segment blob of snap-1 that every later snapshot
   * shares is gone, and a later segment blob (snap-2 and snap-3 share it) is torn. Exit 1; each blob
   * named once, with the snapshots it breaks; no snapshot is restorable.
   */
  @Test
  void aDamagedRepositoryExitsOneAndNamesTheSnapshotsEachBlobBreaks(@TempDir Path dir) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir.resolve("repo"));
    Map<String, List<String>> byBlob = snapshotsByBlob(new DirectoryBlobStore(repo));
    String sharedByAll = dataBlob(byBlob, List.of("snap-1", "snap-2", "snap-3"));
    String sharedByTwo = dataBlob(byBlob, List.of("snap-2", "snap-3"));
    Files.delete(repo.resolve(sharedByAll));
    Files.write(repo.resolve(sharedByTwo), new byte[] {1, 2, 3});

    Run run = inspectRepo(repo.toString());

    assertThat(run.exitCode()).as(run.out()).isEqualTo(1);
    for (String name : List.of("snap-1", "snap-2", "snap-3")) {
      assertThat(run.out().lines()).filteredOn(l -> l.startsWith("  " + name + " ")).singleElement()
          .asString().contains("NOT RESTORABLE");
    }
    assertThat(occurrences(run.out(), sharedByAll)).isEqualTo(1);
    assertThat(occurrences(run.out(), sharedByTwo)).isEqualTo(1);
    List<String> lines = run.out().lines().toList();
    int missing = indexOf(lines, sharedByAll);
    assertThat(lines.get(missing)).startsWith("  MISSING ");
    assertThat(lines.get(missing + 1)).isEqualTo("      breaks 3 snapshots: snap-1, snap-2, snap-3");
    int torn = indexOf(lines, sharedByTwo);
    assertThat(lines.get(torn)).startsWith("  WRONG SIZE (3) ");
    assertThat(lines.get(torn + 1)).isEqualTo("      breaks 2 snapshots: snap-2, snap-3");
    assertThat(run.out()).contains("Blobs that break several snapshots:")
        .contains("No snapshot can be restored from this copy.")
        .contains("3 of 3 snapshots cannot be restored from this copy: snap-1, snap-2, snap-3.");

    JsonNode json = read(inspect(new DirectoryBlobStore(repo), null, false, true).out());
    assertThat(json.path("allRestorable").asBoolean()).isFalse();
    assertThat(json.path("newestRestorable").isNull()).isTrue();
    assertThat(json.path("blobsBreakingSeveralSnapshots")).hasSize(2);
    JsonNode first = json.path("blobsBreakingSeveralSnapshots").get(0);
    assertThat(List.of(first.path("key").asText(), json.path("blobsBreakingSeveralSnapshots").get(1).path("key").asText()))
        .containsExactlyInAnyOrder(sharedByAll, sharedByTwo);
    for (JsonNode snapshot : json.path("snapshots")) {
      assertThat(snapshot.path("restorable").asBoolean()).isFalse();
      assertThat(snapshot.path("problems")).as("named once, under the shared blobs").isEmpty();
    }
    assertThat(json.path("snapshots").get(0).path("sharedProblems").asInt()).isEqualTo(1);
    assertThat(json.path("snapshots").get(1).path("problemCounts").path("WRONG_SIZE").asInt()).isEqualTo(1);
  }

  /**
   * A versioned replica bucket as out-of-order replication and a lifecycle expiry leave it: the newest
   * root names snap-3, whose own blobs have not arrived; a delete marker hides the index metadata
   * every snapshot shares. One ListObjectVersions request, whatever the number of snapshots.
   */
  @Test
  void aVersionedBucketNamesHiddenAndMissingBlobsFromOneListing(@TempDir Path dir) {
    S3MockServer server = S3MockServer.shared();
    S3Client s3 = server.client();
    String bucket = StorageFixtures.uniqueBucket("inspect-whole");
    server.createVersionedBucket(s3, bucket);
    Path fixture = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir.resolve("repo"));
    Map<String, List<String>> byBlob = snapshotsByBlob(new DirectoryBlobStore(fixture));
    List<String> keys = RepositoryBuckets.upload(s3, fixture, bucket, "dr/");
    List<String> notArrived = byBlob.entrySet().stream().filter(e -> e.getValue().equals(List.of("snap-3")))
        .map(Map.Entry::getKey).toList();
    for (String key : notArrived) {
      deleteEveryVersion(s3, bucket, "dr/" + key);
    }
    RequestCounter counter = new RequestCounter();
    BlobStore store = RepositoryInspection.store("s3://" + bucket + "/dr", server.endpointString(), "us-east-1",
        true, StorageFixtures.clients(counter));

    Run replica = inspect(store, null, false, false);
    assertThat(replica.exitCode()).as(replica.out()).isEqualTo(1);
    assertThat(replica.out()).contains("listed with versions").contains("Newest restorable snapshot: snap-2 [")
        .contains("1 of 3 snapshots cannot be restored from this copy: snap-3.");
    assertThat(replica.out().lines()).filteredOn(l -> l.startsWith("  snap-3 ")).singleElement().asString()
        .contains("NOT RESTORABLE").contains("1 missing");
    assertThat(replica.out().lines()).anyMatch(l -> l.startsWith("      MISSING ") && l.contains("SNAPSHOT_INFO")
        && l.endsWith("dr/snap-" + uuidOf(fixture, "snap-3") + ".dat"));
    assertThat(counter.count("ListObjectVersions")).isEqualTo(1);
    assertThat(counter.count("ListObjectsV2")).isZero();

    String sharedMeta = byBlob.keySet().stream().filter(k -> k.matches("indices/[^/]+/meta-.+\\.dat"))
        .filter(k -> byBlob.get(k).size() == 3).findFirst().orElseThrow();
    s3.deleteObject(b -> b.bucket(bucket).key("dr/" + sharedMeta));
    counter.reset();
    Run expired = inspect(store, null, false, false);
    assertThat(expired.exitCode()).isEqualTo(1);
    assertThat(expired.out()).contains("No snapshot can be restored from this copy.");
    assertThat(occurrences(expired.out(), "dr/" + sharedMeta)).isEqualTo(1);
    List<String> lines = expired.out().lines().toList();
    int hidden = indexOf(lines, "dr/" + sharedMeta);
    assertThat(lines.get(hidden)).startsWith("  HIDDEN BY DELETE MARKER").contains("INDEX_METADATA");
    // snap-3's own snap-<uuid>.dat has not arrived, so what else it needs is unknown (it is broken already)
    assertThat(lines.get(hidden + 1)).isEqualTo("      breaks 2 snapshots: snap-1, snap-2");
    assertThat(counter.count("ListObjectVersions")).isEqualTo(1);
    assertThat(counter.count("ListObjectsV2")).isZero();
    assertThat(keys).isNotEmpty();

    // --snapshot: problems only, and JSON
    Run one = inspect(store, "snap-2", false, false);
    assertThat(one.exitCode()).isEqualTo(1);
    assertThat(one.out().lines()).filteredOn(l -> l.contains("dr/indices/")).singleElement().asString()
        .startsWith("  HIDDEN BY DELETE MARKER").endsWith("dr/" + sharedMeta);
    JsonNode oneJson = read(inspect(store, "snap-2", false, true).out());
    assertThat(oneJson.path("snapshot").path("restorable").asBoolean()).isFalse();
    assertThat(oneJson.path("snapshot").path("blobs")).singleElement().satisfies(b -> {
      assertThat(b.path("key").asText()).isEqualTo("dr/" + sharedMeta);
      assertThat(b.path("status").asText()).isEqualTo("HIDDEN_BY_DELETE_MARKER");
    });
    JsonNode everyJson = read(inspect(store, "snap-2", true, true).out());
    assertThat(everyJson.path("snapshot").path("blobs").size())
        .isEqualTo(everyJson.path("snapshot").path("requiredBlobs").asInt());
  }

  @Test
  void oneSnapshotListsOnlyProblemsUnlessAll(@TempDir Path dir) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir.resolve("repo"));
    String torn = dataBlob(snapshotsByBlob(new DirectoryBlobStore(repo)), List.of("snap-2", "snap-3"));
    Files.write(repo.resolve(torn), new byte[] {1});

    Run problems = inspectRepo(repo.toString(), "--snapshot", "snap-2");
    assertThat(problems.exitCode()).isEqualTo(1);
    assertThat(problems.out().lines()).filteredOn(l -> l.contains("indices/")).singleElement().asString()
        .startsWith("  WRONG SIZE (1)").endsWith(torn);
    Run all = inspectRepo(repo.toString(), "--snapshot", "snap-2", "--all");
    assertThat(all.exitCode()).isEqualTo(1);
    assertThat(all.out().lines().filter(l -> l.startsWith("  present ")).count()).isGreaterThan(10);

    Run snap1 = inspectRepo(repo.toString(), "--snapshot", "snap-1", "--json");
    assertThat(snap1.exitCode()).isZero();
    assertThat(read(snap1.out()).path("snapshot").path("blobs")).isEmpty();
  }

  /**
   * A snapshot the cluster recorded as FAILED was never restorable: the whole check lists it without
   * judging it (the copy is not damaged), and asked about it alone the answer is no.
   */
  @Test
  void aFailedSnapshotIsListedNotJudged(@TempDir Path dir) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir.resolve("repo"));
    com.fasterxml.jackson.databind.node.ObjectNode root =
        (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(repo.resolve("index-2").toFile());
    for (JsonNode snapshot : root.path("snapshots")) {
      if (snapshot.path("name").asText().equals("snap-3")) {
        ((com.fasterxml.jackson.databind.node.ObjectNode) snapshot).put("state", 2); // SnapshotState.FAILED
      }
    }
    Files.write(repo.resolve("index-2"), JSON.writeValueAsBytes(root));

    Run whole = inspectRepo(repo.toString());
    assertThat(whole.exitCode()).as(whole.out()).isZero();
    assertThat(whole.out().lines()).filteredOn(l -> l.startsWith("  snap-3 ")).singleElement().asString()
        .contains("FAILED").contains("not judged");
    assertThat(whole.out()).contains("Newest restorable snapshot: snap-2 [")
        .contains("All 2 snapshots can be restored from this copy.");
    Run one = inspectRepo(repo.toString(), "--snapshot", "snap-3");
    assertThat(one.exitCode()).isEqualTo(1);
    assertThat(one.out()).contains("is FAILED");
  }

  @Test
  void allWithoutASnapshotIsBadInput(@TempDir Path dir) {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir.resolve("repo"));
    Run run = inspectRepo(repo.toString(), "--all");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("--snapshot");
  }

  /** A root blob that cannot be read is damage (exit 1); with --json it is still JSON. */
  @Test
  void aCorruptRootIsDamageAndJsonSaysSo(@TempDir Path dir) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir.resolve("repo"));
    byte[] root = Files.readAllBytes(repo.resolve("index-2"));
    Files.write(repo.resolve("index-2"), java.util.Arrays.copyOf(root, root.length / 2));
    Run run = inspectRepo(repo.toString(), "--json");
    assertThat(run.exitCode()).isEqualTo(1);
    JsonNode json = read(run.out());
    assertThat(json.path("restorable").asBoolean(true)).isFalse();
    assertThat(json.path("error").asText()).contains("index-2");
  }

  private static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + json, e);
    }
  }

  private static Map<String, List<String>> snapshotsByBlob(DirectoryBlobStore store) {
    RepositoryReader reader = new RepositoryReader(store);
    var root = reader.latestRoot();
    return reader.snapshotsByBlob(root, reader.repositoryData(root));
  }

  private static String uuidOf(Path repo, String snapshot) {
    RepositoryReader reader = new RepositoryReader(new DirectoryBlobStore(repo));
    RepositoryData data = reader.repositoryData(reader.latestRoot());
    return data.snapshot(snapshot).orElseThrow().uuid();
  }

  /** A segment blob exactly these snapshots need. */
  private static String dataBlob(Map<String, List<String>> byBlob, List<String> snapshots) {
    return byBlob.entrySet().stream()
        .filter(e -> e.getKey().matches("indices/.+/\\d+/__.+") && e.getValue().equals(snapshots))
        .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no data blob of " + snapshots));
  }

  private static void deleteEveryVersion(S3Client s3, String bucket, String key) {
    s3.listObjectVersions(b -> b.bucket(bucket).prefix(key)).versions().stream().filter(v -> v.key().equals(key))
        .forEach(v -> s3.deleteObject(b -> b.bucket(bucket).key(key).versionId(v.versionId())));
  }

  private static int occurrences(String text, String what) {
    return text.split(Pattern.quote(what), -1).length - 1;
  }

  private static int indexOf(List<String> lines, String what) {
    List<Integer> found = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(what)) {
        found.add(i);
      }
    }
    assertThat(found).as(what).hasSize(1);
    return found.get(0);
  }
}
