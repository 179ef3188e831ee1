package io.snapdrill.worker;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.repository.RepositoryData;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.repository.RequiredBlob;
import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.DirectoryBlobStore;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import io.snapdrill.worker.offline.RepositoryInspection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code audit-lifecycle} and {@code inspect-repo}: what they print and how they exit. */
class OfflineAuditCommandsTest {
  private static final String WHOLE_BUCKET_7_DAYS = """
      {
          "Rules": [
              {
                  "Expiration": { "Days": 7 },
                  "ID": "expire-7d",
                  "Filter": { "Prefix": "" },
                  "Status": "Enabled"
              },
              {
                  "ID": "multipart",
                  "Filter": {},
                  "Status": "Enabled",
                  "AbortIncompleteMultipartUpload": { "DaysAfterInitiation": 7 }
              }
          ]
      }
      """;

  /** One run of a command: its exit code and what it printed to stdout and stderr. */
  private record Run(int exitCode, String out, String err) {}

  private static Run run(Object command, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = new CommandLine(command).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new Run(exitCode, out.toString(), err.toString());
  }

  private static Run auditLifecycle(String... args) {
    return run(new AuditLifecycleCommand(), args);
  }

  private static Run inspectRepo(String... args) {
    return run(new InspectRepoCommand(), args);
  }

  @Test
  void auditLifecycleExitsOneOnAHazardAndZeroWhenScopedAway(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lifecycle.json");
    Files.writeString(file, WHOLE_BUCKET_7_DAYS);
    Run hazard = auditLifecycle("--file", file.toString(), "--prefix", "snapshots/prod");
    assertThat(hazard.exitCode()).isEqualTo(1);
    assertThat(hazard.out()).containsPattern("(?m)^HAZARD  rule 'expire-7d'").containsPattern("(?m)^SAFE    rule 'multipart'")
        .contains("fix: rule 'expire-7d'").contains("except 'snapshots/'")
        .contains("under 'snapshots/', all but 'snapshots/prod/'").contains("drop its Expiration").doesNotContain("auto-purge/");

    Files.writeString(file, WHOLE_BUCKET_7_DAYS.replace("\"Prefix\": \"\"", "\"Prefix\": \"auto-purge/\""));
    Run safe = auditLifecycle("--file", file.toString(), "--prefix", "/snapshots/prod/");
    assertThat(safe.exitCode()).isZero();
    assertThat(safe.out()).contains("under 'snapshots/prod/'").doesNotContain("HAZARD");
  }

  @Test
  void auditLifecycleExitsTwoOnBadInputNamingTheField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"Rules\":[{\"ID\":\"a\",\"Status\":\"Enabled\",\"Filter\":{\"And\":[1]}}]}");
    Run bad = auditLifecycle("--file", file.toString(), "--prefix", "x");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.out()).isEmpty();
    assertThat(bad.err().lines()).singleElement().asString().contains(file.toString()).contains("Rules[0].Filter.And");

    Files.writeString(file, "{\"Rules\":[{\"ID\":\"x\",\"Filter\":{}}]}");
    assertThat(auditLifecycle("--file", file.toString(), "--prefix", "x").exitCode()).as("Status missing").isEqualTo(2);
    assertThat(auditLifecycle("--file", dir.resolve("absent.json").toString(), "--prefix", "x").exitCode()).isEqualTo(2);
    assertThat(auditLifecycle("--prefix", "snapshots/prod").exitCode()).as("--file missing").isEqualTo(2);
  }

  @Test
  void inspectDirectoryListsSnapshotsAndBlobs(@TempDir Path dir) {
    Path repo = FixtureRepositories.copy(FixtureRepositories.OPENSEARCH, dir.resolve("repo"));
    Run list = inspectRepo(repo.toString());
    assertThat(list.exitCode()).isZero();
    assertThat(list.out()).contains("snap-1").contains("snap-2").contains("snap-3").contains("root index-2");

    Run one = inspectRepo(repo.toString(), "--snapshot", "snap-2");
    assertThat(one.exitCode()).isZero();
    assertThat(one.out()).contains("All ").doesNotContain("present  ").doesNotContain(".part1");
    Run every = inspectRepo(repo.toString(), "--snapshot", "snap-2", "--all");
    assertThat(every.exitCode()).isZero();
    assertThat(every.out()).contains("All ").contains("present").contains(".part1");
    Run unknown = inspectRepo(repo.toString(), "--snapshot", "no-such-snapshot");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.err()).contains("no-such-snapshot");
  }

  @Test
  void inspectOfAMissingDirectoryNamesItWithoutAJavaExceptionName(@TempDir Path dir) {
    Path absent = dir.resolve("absent");
    Run result = inspectRepo(absent.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err().lines()).singleElement().asString().isEqualTo("error: " + absent + " is not a directory");
  }

  @Test
  void inspectOfADirectoryWithoutARepositoryIsBadInput(@TempDir Path dir) {
    assertThat(inspectRepo(dir.toString()).exitCode()).isEqualTo(2);
  }

  @Test
  void inspectDirectoryReportsMissingAndWrongSize(@TempDir Path dir) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir.resolve("repo"));
    RepositoryReader reader = new RepositoryReader(new DirectoryBlobStore(repo));
    var root = reader.latestRoot();
    var data = reader.repositoryData(root);
    var dataBlobs = reader.requiredBlobs(root, data, "snap-2").blobs().stream()
        .filter(b -> b.need() == RequiredBlob.Need.DATA).map(RequiredBlob::key).toList();
    Files.delete(repo.resolve(dataBlobs.get(0)));
    Files.write(repo.resolve(dataBlobs.get(1)), new byte[] {1, 2, 3});

    Run result = inspectRepo(repo.toString(), "--snapshot", "snap-2");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out().lines()).anyMatch(l -> l.contains("MISSING") && l.endsWith(dataBlobs.get(0)));
    assertThat(result.out().lines()).anyMatch(l -> l.contains("WRONG SIZE (3)") && l.endsWith(dataBlobs.get(1)));
  }

  @Test
  void inspectBucketShowsBlobsHiddenByDeleteMarkers(@TempDir Path dir) {
    S3MockServer server = S3MockServer.shared();
    S3Client s3 = server.client();
    String bucket = StorageFixtures.uniqueBucket("inspect");
    server.createVersionedBucket(s3, bucket);
    RepositoryBuckets.upload(s3, FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir.resolve("repo")),
        bucket, "repo/");
    BlobStore store = RepositoryInspection.store("s3://" + bucket + "/repo", server.endpointString(), "us-east-1",
        true, StorageFixtures.clients());
    RepositoryData data = new RepositoryReader(store).repositoryData(new RepositoryReader(store).latestRoot());
    String key = "repo/indices/" + data.indices().get("logs").id() + "/0/snap-"
        + data.snapshot("snap-1").orElseThrow().uuid() + ".dat";
    // a shard blob of snap-1 only; snap-2 stays whole
    s3.deleteObject(b -> b.bucket(bucket).key(key));
    s3.putObject(b -> b.bucket(bucket).key("elsewhere/x"), RequestBody.fromString("x"));

    assertThat(inspect(store, "snap-2").exitCode()).isZero();
    // read through its delete marker: the marker is the finding, and it breaks snap-1 only
    Run result = inspect(store, "snap-1");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out().lines()).anyMatch(l -> l.contains("HIDDEN BY DELETE MARKER") && l.endsWith(key));

    String dataBlob = new RepositoryReader(store).requiredBlobs(new RepositoryReader(store).latestRoot(), data, "snap-2")
        .blobs().stream().filter(b -> b.need() == RequiredBlob.Need.DATA).findFirst().orElseThrow().key();
    s3.deleteObject(b -> b.bucket(bucket).key("repo/" + dataBlob));
    Run hidden = inspect(store, "snap-2");
    assertThat(hidden.exitCode()).isEqualTo(1);
    assertThat(hidden.out().lines()).anyMatch(l -> l.contains("HIDDEN BY DELETE MARKER") && l.endsWith("repo/" + dataBlob));
  }

  /** The command's inspection on a bucket reached with the test server's credentials. */
  private static Run inspect(BlobStore store, String snapshot) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exitCode = RepositoryInspection.run(store, new RepositoryInspection.Options(snapshot, false, false),
        java.time.Instant.now(), new PrintWriter(out), new PrintWriter(err));
    return new Run(exitCode, out.toString(), err.toString());
  }
}
