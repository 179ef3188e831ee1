package io.snapdrill.activities.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.testing.S3MockServer;
import io.snapdrill.activities.testing.S3Stub;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

class S3BlobStoreTest {
  private static final S3MockServer SERVER = S3MockServer.shared();

  @Test
  void listsPagesOfAThousandReadsAndSeesDeleteMarkers() {
    RequestCounter counter = new RequestCounter();
    S3Client s3 = SERVER.client(counter);
    SERVER.createVersionedBucket(s3, "store-test");
    for (int i = 0; i < 1001; i++) {
      String n = Integer.toString(i);
      s3.putObject(b -> b.bucket("store-test").key("repo/indices/x/" + n), RequestBody.fromString("blob" + n));
    }
    s3.putObject(b -> b.bucket("store-test").key("other/index-1"), RequestBody.fromString("not ours"));
    S3BlobStore store = new S3BlobStore(s3, "store-test", "repo/");

    counter.reset();
    var entries = store.list("");
    assertThat(entries).hasSize(1001).allMatch(e -> e.key().startsWith("indices/x/"));
    assertThat(entries.get(0).size()).isEqualTo(5);
    assertThat(counter.count("ListObjectsV2")).isEqualTo(2);
    assertThat(new String(store.read("indices/x/7"))).isEqualTo("blob7");

    s3.deleteObject(b -> b.bucket("store-test").key("repo/indices/x/7"));
    VersionListing versions = store.listVersions("indices/x/7");
    assertThat(versions.supported()).isTrue();
    assertThat(versions.hiddenBlobs()).singleElement().satisfies(h -> {
      assertThat(h.key()).isEqualTo("indices/x/7");
      assertThat(h.previous()).isNotNull();
      assertThat(h.markerVersionId()).isNotEqualTo(h.previous().versionId());
    });
    assertThatThrownBy(() -> store.read("indices/x/7"))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining("s3://store-test/repo/indices/x/7");
  }

  /** The documented GetObject error for an object in GLACIER or DEEP_ARCHIVE. */
  @Test
  void archivedObjectIsNotReportedAsMissingOrForbidden() {
    try (S3Stub stub = new S3Stub()) {
      stub.server().stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/b/repo/index-3").willReturn(
          com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(403)
              .withHeader("Content-Type", "application/xml")
              .withBody(S3Stub.invalidObjectState("GLACIER"))));
      S3BlobStore store = new S3BlobStore(stub.client(), "b", "repo/");
      assertThatThrownBy(() -> store.read("index-3"))
          .isInstanceOf(BlobArchivedException.class)
          .hasMessageContaining("s3://b/repo/index-3").hasMessageContaining("GLACIER")
          .hasMessageContaining("RestoreObject");
    }
  }

  @Test
  void versionListingKeepsTheStorageClass() {
    S3Client s3 = SERVER.client();
    SERVER.createVersionedBucket(s3, "store-classes");
    s3.putObject(b -> b.bucket("store-classes").key("repo/a").storageClass(
        software.amazon.awssdk.services.s3.model.StorageClass.DEEP_ARCHIVE), RequestBody.fromString("a"));
    s3.putObject(b -> b.bucket("store-classes").key("repo/b"), RequestBody.fromString("b"));
    VersionListing versions = new S3BlobStore(s3, "store-classes", "repo/").listVersions("");
    assertThat(versions.archived()).containsExactly(java.util.Map.entry("a", "DEEP_ARCHIVE"));
    assertThat(versions.currentSizes()).containsKeys("a", "b");
  }

  @Test
  void directoryStoreListsRelativeKeys(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("indices/a/0"));
    Files.writeString(dir.resolve("indices/a/0/__b"), "12345");
    Files.writeString(dir.resolve("index-3"), "{}");
    DirectoryBlobStore store = new DirectoryBlobStore(dir);
    assertThat(store.list("")).containsExactly(new BlobEntry("index-3", 2), new BlobEntry("indices/a/0/__b", 5));
    assertThat(store.list("index-")).containsExactly(new BlobEntry("index-3", 2));
    assertThat(store.listVersions("").supported()).isFalse();
    assertThatThrownBy(() -> store.read("missing")).isInstanceOf(BlobNotFoundException.class);
  }
}
