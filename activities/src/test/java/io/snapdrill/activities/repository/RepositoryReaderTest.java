package io.snapdrill.activities.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.snapdrill.activities.blob.BlobEntry;
import io.snapdrill.activities.blob.BlobNotFoundException;
import io.snapdrill.activities.blob.DirectoryBlobStore;
import io.snapdrill.activities.repository.RepositoryReader.RootBlob;
import io.snapdrill.activities.repository.RequiredBlob.Need;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryReaderTest {

  @ParameterizedTest
  @ValueSource(strings = {FixtureRepositories.ELASTICSEARCH, FixtureRepositories.OPENSEARCH})
  void requiredBlobsExistWithTheSizesTheMetadataPredicts(String fixture) {
    DirectoryBlobStore store = new DirectoryBlobStore(FixtureRepositories.path(fixture));
    RepositoryReader reader = new RepositoryReader(store);
    RootBlob root = reader.latestRoot();
    assertThat(root.key()).isEqualTo("index-2");
    assertThat(root.indexLatestDisagrees()).isFalse();
    RepositoryData data = reader.repositoryData(root);
    assertThat(data.snapshots()).extracting(RepositoryData.SnapshotEntry::name)
        .containsExactlyInAnyOrder("snap-1", "snap-2", "snap-3");

    Map<String, Long> onDisk = store.list("").stream().collect(Collectors.toMap(BlobEntry::key, BlobEntry::size));
    SnapshotBlobs snap2 = reader.requiredBlobs(root, data, "snap-2");
    for (RequiredBlob blob : snap2.blobs()) {
      assertThat(onDisk).as(blob.key()).containsEntry(blob.key(), blob.size());
    }
    assertThat(snap2.blobs()).extracting(RequiredBlob::need).contains(Need.values());
    assertThat(snap2.blobs()).anyMatch(b -> b.key().matches("indices/.+/\\d/__.+\\.part2"));
    assertThat(snap2.virtualFiles()).isPositive();
    assertThat(snap2.root().key()).isEqualTo("index-2");

    // incremental: snap-2 reuses data blobs of snap-1, and snap-3 (logs only) needs no metrics blob
    Set<String> snap1Data = dataKeys(reader.requiredBlobs(root, data, "snap-1"));
    assertThat(dataKeys(snap2)).containsAll(snap1Data.stream().filter(k -> k.startsWith(logsPath(data))).toList());
    SnapshotBlobs snap3 = reader.requiredBlobs(root, data, "snap-3");
    String metricsPath = "indices/" + data.indices().get("metrics").id() + "/";
    assertThat(snap3.blobs()).noneMatch(b -> b.key().startsWith(metricsPath));
    assertThat(snap2.blobs()).anyMatch(b -> b.key().startsWith(metricsPath));

    // no garbage in a repository nodes wrote: every blob but index.latest is needed by some snapshot
    Map<String, List<String>> bySnapshot = reader.snapshotsByBlob(root, data);
    Set<String> expected = new HashSet<>(onDisk.keySet());
    expected.remove("index.latest");
    assertThat(bySnapshot.keySet()).containsExactlyInAnyOrderElementsOf(expected);
    String sharedByAll = snap1Data.stream().filter(k -> k.startsWith(logsPath(data))).findFirst().orElseThrow();
    assertThat(bySnapshot.get(sharedByAll)).containsExactly("snap-1", "snap-2", "snap-3");
  }

  @Test
  void snapshotsByBlobResumedFromAnyCheckpointAnswersAsAWholeRun() {
    DirectoryBlobStore store = new DirectoryBlobStore(FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH));
    RepositoryReader reader = new RepositoryReader(store);
    RootBlob root = reader.latestRoot();
    RepositoryData data = reader.repositoryData(root);
    // every blob some snapshot needs, and one none does
    Set<String> keys = new java.util.LinkedHashSet<>(reader.snapshotsByBlob(root, data).keySet());
    keys.add("indices/none/0/__unneeded");
    List<RepositoryReader.NeedsPosition> checkpoints = new java.util.ArrayList<>();
    Map<String, List<String>> whole = new RepositoryReader(store)
        .snapshotsByBlob(root, data, keys, null, message -> {}, checkpoints::add);

    assertThat(checkpoints).extracting(RepositoryReader.NeedsPosition::snapshots)
        .contains(1, data.snapshots().size() - 1);
    for (RepositoryReader.NeedsPosition from : checkpoints) {
      assertThat(new RepositoryReader(store).snapshotsByBlob(root, data, keys, from, message -> {}, p -> {}))
          .as("from snapshot " + from.snapshots()).isEqualTo(whole);
    }
    // taken for other keys: started over, not mixed in
    RepositoryReader.NeedsPosition otherKeys = checkpoints.get(checkpoints.size() - 1);
    Set<String> fewer = Set.of(keys.iterator().next());
    assertThat(new RepositoryReader(store).snapshotsByBlob(root, data, fewer, otherKeys, message -> {}, p -> {}))
        .isEqualTo(new RepositoryReader(store).snapshotsByBlob(root, data, fewer, message -> {}));
  }

  @Test
  void findsASnapshotByUuidAndNamesTheRepositoryWhenUnknown() {
    RepositoryReader reader = new RepositoryReader(new DirectoryBlobStore(FixtureRepositories.path(FixtureRepositories.ELASTICSEARCH)));
    RootBlob root = reader.latestRoot();
    RepositoryData data = reader.repositoryData(root);
    String uuid = data.snapshot("snap-1").orElseThrow().uuid();
    assertThat(reader.requiredBlobs(root, data, uuid).snapshotName()).isEqualTo("snap-1");
    assertThatThrownBy(() -> reader.requiredBlobs(root, data, "nope"))
        .isInstanceOf(RepositoryFormatException.class)
        .hasMessageContaining("snapshot 'nope' is not in")
        .hasMessageContaining("snap-1");
  }

  @Test
  void truncatedDatBlobIsAnErrorNamingTheKey(@TempDir Path dir) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir);
    String key = shardSnapKey(repo, "snap-2");
    byte[] bytes = Files.readAllBytes(repo.resolve(key));
    Files.write(repo.resolve(key), Arrays.copyOf(bytes, bytes.length - 40));
    assertThatThrownBy(() -> requiredFor(repo, "snap-2"))
        .isInstanceOf(RepositoryFormatException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("truncated")
        .satisfies(e -> assertThat(((RepositoryFormatException) e).key()).isEqualTo(key));
  }

  @Test
  void bitFlippedDatBlobIsAChecksumErrorNamingTheKey(@TempDir Path dir) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir);
    String key = shardSnapKey(repo, "snap-2");
    byte[] bytes = Files.readAllBytes(repo.resolve(key));
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(repo.resolve(key), bytes);
    assertThatThrownBy(() -> requiredFor(repo, "snap-2"))
        .isInstanceOf(RepositoryFormatException.class)
        .hasMessageContaining(key)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void missingShardSnapshotBlobIsNamed(@TempDir Path dir) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.OPENSEARCH, dir);
    String key = shardSnapKey(repo, "snap-1");
    Files.delete(repo.resolve(key));
    assertThatThrownBy(() -> requiredFor(repo, "snap-1"))
        .isInstanceOf(BlobNotFoundException.class)
        .hasMessageContaining(key);
  }

  @Test
  void disagreeingIndexLatestIsReportedButTheListingWins(@TempDir Path dir) throws Exception {
    Path repo = FixtureRepositories.copy(FixtureRepositories.ELASTICSEARCH, dir);
    Files.write(repo.resolve("index.latest"), ByteBuffer.allocate(8).putLong(1).array());
    RootBlob root = new RepositoryReader(new DirectoryBlobStore(repo)).latestRoot();
    assertThat(root.generation()).isEqualTo(2);
    assertThat(root.indexLatestDisagrees()).isTrue();
    assertThat(root.note()).contains("index.latest").contains("generation 1").contains("index-2");
  }

  @Test
  void directoryWithoutRootBlobIsNotARepository(@TempDir Path dir) {
    assertThatThrownBy(() -> new RepositoryReader(new DirectoryBlobStore(dir)).latestRoot())
        .isInstanceOf(RepositoryFormatException.class)
        .hasMessageContaining("no root index-N blob");
  }

  private static SnapshotBlobs requiredFor(Path repo, String snapshot) {
    RepositoryReader reader = new RepositoryReader(new DirectoryBlobStore(repo));
    RootBlob root = reader.latestRoot();
    return reader.requiredBlobs(root, reader.repositoryData(root), snapshot);
  }

  private static String shardSnapKey(Path repo, String snapshot) {
    RepositoryReader reader = new RepositoryReader(new DirectoryBlobStore(repo));
    RepositoryData data = reader.repositoryData(reader.latestRoot());
    return "indices/" + data.indices().get("logs").id() + "/0/snap-" + data.snapshot(snapshot).orElseThrow().uuid() + ".dat";
  }

  private static String logsPath(RepositoryData data) {
    return "indices/" + data.indices().get("logs").id() + "/";
  }

  private static Set<String> dataKeys(SnapshotBlobs blobs) {
    return blobs.blobs().stream().filter(b -> b.need() == Need.DATA).map(RequiredBlob::key).collect(Collectors.toSet());
  }
}
