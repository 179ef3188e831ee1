package io.snapdrill.worker.trigger;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.activities.config.StorageConfig;
import io.snapdrill.activities.repository.RepositoryCheck;
import io.snapdrill.activities.repository.RepositoryFormatException;
import io.snapdrill.activities.repository.RepositoryReader;
import io.snapdrill.activities.repository.RepositoryVerdict;
import io.snapdrill.activities.repository.RepositoryVerdict.BlobFinding;
import io.snapdrill.activities.storage.DeleteMarkerHealer;
import io.snapdrill.model.DeleteMarker;
import io.snapdrill.model.HealPolicy;
import io.snapdrill.model.HealReport;
import io.snapdrill.model.RestoredVersion;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reads the copy the key was removed from (one version listing, the metadata through delete markers) and
 * judges every snapshot its newest root blob names, as {@code inspect-repo} does: the key matters when
 * a snapshot's problems include it. A blob Elasticsearch deleted itself (a deleted snapshot's, an old
 * root generation) is needed by none, so that event passes quietly. What the snapshots need is kept per
 * copy and root generation ({@link NeededKeys}): an event on a key none of them needs, at the generation
 * last read, costs one listing of the root blobs and one read of {@code index.latest} instead of the
 * whole repository; a snapshot deletion sends one such event per blob it removes.
 */
public final class S3RepositorySentinel implements RepositorySentinel {
  private final AwsClients aws;
  private final SnapdrillConfig config;
  /** Per copy (bucket and prefix): what its snapshots needed at the root generation last read. */
  private final Map<String, NeededKeys> needed = new ConcurrentHashMap<>();

  /** @param config with {@code drill.heal: auto}, a blob hidden by delete markers is healed at once */
  public S3RepositorySentinel(AwsClients aws, SnapdrillConfig config) {
    this.aws = aws;
    this.config = config;
  }

  @Override
  public Judgment judge(RepositoryRouter.Watch removal) {
    String name = removal.key().substring(removal.bucket().keyPrefix().length());
    S3BlobStore store = new S3BlobStore(aws.s3(removal.bucket()), removal.bucket().bucket(), removal.bucket().keyPrefix());
    String copy = removal.bucket().bucket() + "/" + removal.bucket().keyPrefix();
    NeededKeys known = needed.get(copy);
    if (known != null && !isRootBlob(name) && !known.mayNeed(removal.key()) && currentGeneration(store) == known.rootGeneration()) {
      // the common event by far: Elasticsearch deleting the blobs of a snapshot it deleted, one event per blob
      return new Judgment(List.of(), null);
    }
    RepositoryCheck check = RepositoryCheck.read(store);
    RepositoryVerdict verdict = check.all();
    needed.put(copy, NeededKeys.of(verdict.rootGeneration(), check.neededObjectKeys()));
    if (name.equals("index.latest") || isRootBlob(name) && Long.parseLong(name.substring(6)) >= verdict.rootGeneration()) {
      // the newest root blob (or the pointer to it): the repository as Elasticsearch reads it is gone
      return new Judgment(verdict.snapshots().stream().map(RepositoryVerdict.SnapshotVerdict::name).toList(), "ROOT_BLOB_REMOVED");
    }
    List<String> broken = verdict.snapshots().stream()
        .filter(s -> s.problems().stream().anyMatch(p -> removal.key().equals(p.objectKey())))
        .map(RepositoryVerdict.SnapshotVerdict::name)
        .toList();
    String state = verdict.snapshots().stream().flatMap(s -> s.problems().stream())
        .filter(p -> removal.key().equals(p.objectKey())).map(BlobFinding::state).map(Enum::name)
        .findFirst().orElse(null);
    if (broken.isEmpty() || !"HIDDEN_BY_DELETE_MARKER".equals(state) || config.drill().heal() != HealPolicy.AUTO) {
      return new Judgment(broken, state);
    }
    return new Judgment(broken, state, heal(removal, broken));
  }

  private static boolean isRootBlob(String name) {
    return name.equals("index.latest") || name.matches("index-\\d+");
  }

  /** The newest current root generation (a listing of index-* and index.latest), or -1 when there is none. */
  private static long currentGeneration(S3BlobStore store) {
    try {
      return new RepositoryReader(store).latestRoot().generation();
    } catch (RepositoryFormatException noRoot) {
      return -1;
    }
  }

  /** The drill's safe healer, as the heal role where the cluster names one. */
  private String heal(RepositoryRouter.Watch removal, List<String> broken) {
    StorageConfig storage = config.clusters().stream().filter(c -> c.name().equals(removal.cluster())).findFirst()
        .orElseThrow().storage();
    S3Client s3 = storage.healRoleArn() == null
        ? aws.s3(removal.bucket()) : aws.s3AssumingRole(removal.bucket(), storage.healRoleArn());
    HealReport report;
    try {
      report = DeleteMarkerHealer.heal(
          List.of(new DeleteMarker(removal.bucket().bucket(), removal.key(), null, null, broken)), false, b -> s3, p -> { });
    } catch (ApplicationFailure refused) {
      return "not healed: " + refused.getOriginalMessage();
    }
    if (report.removed().isEmpty()) {
      return "not healed: no real version is left under its delete markers";
    }
    String version = report.restoredVersions().stream().map(RestoredVersion::versionId).findFirst().orElse("?");
    return "healed (drill.heal auto): removed " + report.removedMarkerCount() + " delete marker(s), version " + version
        + " is current again";
  }
}
