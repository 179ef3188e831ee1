package io.snapdrill.activities.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.testing.S3MockServer;
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
