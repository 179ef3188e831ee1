package io.snapdrill.activities.storage;

import static io.snapdrill.activities.testing.NodeRepositories.restore;
import static io.snapdrill.activities.testing.NodeRepositories.restored;
import static org.assertj.core.api.Assertions.assertThat;

import io.snapdrill.activities.blob.DirectoryBlobStore;
import io.snapdrill.activities.node.NodeDistribution;
import io.snapdrill.activities.repository.RepositoryCheck;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.repository.RepositoryVerdict;
import io.snapdrill.activities.repository.RepositoryVerdict.BlobState;
import io.snapdrill.activities.repository.RepositoryVerdict.SnapshotVerdict;
import io.snapdrill.activities.storage.RestoreAThonNodeTest.Written;
import io.snapdrill.activities.testing.NodeRepositories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The whole-repository verdict agrees with what a real node does: on a copy of a repository the node
 * wrote (three incremental snapshots: first, second, third) with a segment blob second added deleted
 * and a segment blob only third needs torn, the check says first alone is restorable, and the node
 * restores first and fails second and third.
 */
class RepositoryCheckNodeTest {

  static Stream<NodeDistribution> distributions() {
    return RestoreAThonNodeTest.distributions();
  }

  @ParameterizedTest
  @MethodSource("distributions")
  void theVerdictOfEverySnapshotIsWhatARestoreDoes(NodeDistribution distribution) throws IOException {
    Written repo = RestoreAThonNodeTest.written(distribution);
    Path copy = repo.base().resolve("whole-check-" + ProcessHandle.current().pid());
    copyTree(repo.location(), copy);
    RepositoryReader reader = new RepositoryReader(new DirectoryBlobStore(copy));
    var root = reader.latestRoot();
    Map<String, List<String>> byBlob = reader.snapshotsByBlob(root, reader.repositoryData(root));
    // which segments later snapshots still share depends on the node's merges: take a segment second
    // added (third shares it unless a merge replaced it) and one third alone needs
    String shared = byBlob.entrySet().stream()
        .filter(e -> e.getKey().matches("indices/.+/\\d+/__.+") && e.getValue().contains("second")
            && !e.getValue().contains("first"))
        .max(java.util.Comparator.comparing(e -> e.getValue().size())).map(Map.Entry::getKey).orElseThrow();
    List<String> brokenByShared = byBlob.get(shared);
    String own = dataBlob(byBlob, List.of("third"));
    Files.delete(copy.resolve(shared));
    byte[] bytes = Files.readAllBytes(copy.resolve(own));
    Files.write(copy.resolve(own), java.util.Arrays.copyOf(bytes, bytes.length - 1));
    NodeRepositories.giveToNode(copy);

    RepositoryVerdict verdict = RepositoryCheck.read(new DirectoryBlobStore(copy)).all();

    // by name, not position: a node under load may give two snapshots the same start millisecond (its
    // cached clock), and the root's own order is not chronological
    Map<String, Boolean> restorable = new java.util.TreeMap<>();
    verdict.snapshots().forEach(v -> restorable.put(v.name(), v.restorable()));
    assertThat(restorable).as("start times %s", verdict.snapshots().stream()
            .map(v -> v.name() + "=" + v.startTimeMillis()).toList())
        .isEqualTo(Map.of("first", true, "second", false, "third", false));
    var problems = verdict.snapshots().stream().flatMap(s -> s.problems().stream()).distinct().toList();
    assertThat(problems).extracting(b -> b.key(), b -> b.state()).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(shared, BlobState.MISSING),
        org.assertj.core.groups.Tuple.tuple(own, BlobState.WRONG_SIZE));
    if (brokenByShared.size() > 1) {
      assertThat(verdict.sharedProblems()).singleElement().satisfies(p -> {
        assertThat(p.blob().key()).isEqualTo(shared);
        assertThat(p.snapshots()).containsExactlyInAnyOrderElementsOf(brokenByShared);
      });
    }
    assertThat(verdict.newestRestorable()).get().extracting(SnapshotVerdict::name).isEqualTo("first");

    String repository = "whole-check-" + distribution.artifactId() + "-" + distribution.version().replace('.', '-');
    NodeRepositories.registerFs(repo.restoreNode(), repository, copy, true);
    for (SnapshotVerdict snapshot : verdict.snapshots()) {
      String prefix = "whole-check-" + snapshot.name() + "-";
      var response = restore(repo.restoreNode(), repository, snapshot.name(), "storage-audit-logs", prefix);
      assertThat(restored(response)).as("%s: restore of %s: %s", distribution, snapshot.name(), response.body())
          .isEqualTo(snapshot.restorable());
      NodeRepositories.call(repo.restoreNode(), "DELETE", "/" + prefix + "storage-audit-logs", null);
    }
  }

  /** A segment blob exactly these snapshots need. */
  private static String dataBlob(Map<String, List<String>> byBlob, List<String> snapshots) {
    return byBlob.entrySet().stream()
        .filter(e -> e.getKey().matches("indices/.+/\\d+/__.+") && e.getValue().equals(snapshots))
        .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError("no data blob of " + snapshots));
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
