package io.snapdrill.worker.trigger;

import io.snapdrill.activities.aws.AwsClients;
import io.snapdrill.activities.blob.S3BlobStore;
import io.snapdrill.activities.repository.RepositoryCheck;
import io.snapdrill.activities.repository.RepositoryVerdict;
import io.snapdrill.activities.repository.RepositoryVerdict.BlobFinding;
import java.util.List;

/**
 * Reads the copy the key was removed from (one version listing, the metadata through delete markers) and
 * judges every snapshot its newest root blob names, as {@code inspect-repo} does: the key matters when
 * a snapshot's problems include it. A blob Elasticsearch deleted itself (a deleted snapshot's, an old
 * root generation) is needed by none, so that event passes quietly.
 */
public final class S3RepositorySentinel implements RepositorySentinel {
  private final AwsClients aws;

  public S3RepositorySentinel(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public Judgment judge(RepositoryRouter.Watch removal) {
    RepositoryVerdict verdict = RepositoryCheck.read(
        new S3BlobStore(aws.s3(removal.bucket()), removal.bucket().bucket(), removal.bucket().keyPrefix())).all();
    String name = removal.key().substring(removal.bucket().keyPrefix().length());
    if (name.equals("index.latest") || name.matches("index-\\d+") && Long.parseLong(name.substring(6)) >= verdict.rootGeneration()) {
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
    return new Judgment(broken, state);
  }
}
