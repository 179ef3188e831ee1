package io.snapdrill.activities.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.blob.BlobStore;
import io.snapdrill.activities.blob.DirectoryBlobStore;
import io.snapdrill.activities.repository.FixtureRepositories;
import io.snapdrill.activities.repository.RepositoryData;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.repository.RequiredBlob;
import io.snapdrill.activities.testing.RepositoryBuckets;
import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.StorageFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class OfflineCommandsTest {
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

  @Test
  void auditLifecycleExitsOneOnAHazardAndZeroWhenScopedAway(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("lifecycle.json");
    Files.writeString(file, WHOLE_BUCKET_7_DAYS);
    CommandResult hazard = LifecycleAuditCommand.run(file, "snapshots/prod");
    assertThat(hazard.exitCode()).isEqualTo(1);
    assertThat(hazard.lines()).anyMatch(l -> l.startsWith("HAZARD  rule 'expire-7d'"));
    assertThat(hazard.lines()).anyMatch(l -> l.startsWith("SAFE    rule 'multipart'"));
    assertThat(hazard.text()).contains("fix: scope rule 'expire-7d'").contains("auto-purge/");

    Files.writeString(file, WHOLE_BUCKET_7_DAYS.replace("\"Prefix\": \"\"", "\"Prefix\": \"auto-purge/\""));
    CommandResult safe = LifecycleAuditCommand.run(file, "/snapshots/prod/");
    assertThat(safe.exitCode()).isZero();
    assertThat(safe.lines()).noneMatch(l -> l.startsWith("HAZARD"));
  }

  @Test
  void auditLifecycleExitsTwoOnBadInput(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.json");
    Files.writeString(file, "{\"Rules\":[{\"ID\":\"a\",\"Status\":\"Enabled\",\"Filter\":{\"And\":[1]}}]}");
    CommandResult bad = LifecycleAuditCommand.run(file, "x");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.lines()).singleElement().asString().contains(file.toString()).contains("Rules[0].Filter.And");
    assertThat(LifecycleAuditCommand.run(dir.resolve("absent.json"), "x").exitCode()).isEqualTo(2);
  }

  @Test
  void inspectDirectoryListsSnapshotsAndBlobs() {
    BlobStore store = new DirectoryBlobStore(FixtureRepositories.path(FixtureRepositories.OPENSEARCH));
    CommandResult list = InspectRepositoryCommand.run(store, null);
    assertThat(list.exitCode()).isZero();
    assertThat(list.text()).contains("snap-1").contains("snap-2").contains("snap-3").contains("root index-2");

    CommandResult one = InspectRepositoryCommand.run(store, "snap-2");
    assertThat(one.exitCode()).isZero();
    assertThat(one.text()).contains("All ").contains("present").contains(".part1");
    assertThat(InspectRepositoryCommand.run(store, "no-such-snapshot").exitCode()).isEqualTo(2);
  }

  @Test
  void inspectOfAMissingDirectoryNamesItWithoutAJavaExceptionName(@TempDir Path dir) {
    Path absent = dir.resolve("absent");
    CommandResult result = InspectRepositoryCommand.run(new DirectoryBlobStore(absent), null);
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.lines()).singleElement().asString()
        .isEqualTo("error: " + absent + " is not a directory");
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

    CommandResult result = InspectRepositoryCommand.run(new DirectoryBlobStore(repo), "snap-2");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.lines()).anyMatch(l -> l.contains("MISSING") && l.endsWith(dataBlobs.get(0)));
    assertThat(result.lines()).anyMatch(l -> l.contains("WRONG SIZE (3)") && l.endsWith(dataBlobs.get(1)));
  }

  @Test
  void inspectBucketShowsBlobsHiddenByDeleteMarkers() {
    S3MockServer server = S3MockServer.shared();
    S3Client s3 = server.client();
    String bucket = StorageFixtures.uniqueBucket("inspect");
    server.createVersionedBucket(s3, bucket);
    RepositoryBuckets.upload(s3, FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH), bucket, "repo/");
    BlobStore store = InspectRepositoryCommand.store("s3://" + bucket + "/repo", server.endpointString(), "us-east-1",
        true, StorageFixtures.clients());
    RepositoryData data = new RepositoryReader(store).repositoryData(new RepositoryReader(store).latestRoot());
    String key = "repo/indices/" + data.indices().get("logs").id() + "/0/snap-"
        + data.snapshot("snap-1").orElseThrow().uuid() + ".dat";
    // a shard blob of snap-1 only; snap-2 stays whole
    s3.deleteObject(b -> b.bucket(bucket).key(key));
    s3.putObject(b -> b.bucket(bucket).key("elsewhere/x"), RequestBody.fromString("x"));

    assertThat(InspectRepositoryCommand.run(store, "snap-2").exitCode()).isZero();
    CommandResult result = InspectRepositoryCommand.run(store, "snap-1");
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.text()).contains("does not exist").contains(key);

    String dataBlob = new RepositoryReader(store).requiredBlobs(new RepositoryReader(store).latestRoot(), data, "snap-2")
        .blobs().stream().filter(b -> b.need() == RequiredBlob.Need.DATA).findFirst().orElseThrow().key();
    s3.deleteObject(b -> b.bucket(bucket).key("repo/" + dataBlob));
    CommandResult hidden = InspectRepositoryCommand.run(store, "snap-2");
    assertThat(hidden.exitCode()).isEqualTo(1);
    assertThat(hidden.lines()).anyMatch(l -> l.contains("HIDDEN BY DELETE MARKER") && l.endsWith("repo/" + dataBlob));
  }
}
