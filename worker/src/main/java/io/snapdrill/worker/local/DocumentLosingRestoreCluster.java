package io.snapdrill.worker.local;

import io.snapdrill.model.RestoreRequest;
import io.snapdrill.model.RestoreResult;
import io.snapdrill.model.VerificationReport;
import io.snapdrill.model.VerifyRequest;
import io.snapdrill.workflows.activities.RestoreClusterActivities;

/**
 * The bad-data scenario: the real restore, after which one document of the orders index goes missing
 * on the restore host of the broken cluster, as silent data loss between snapshot and restore would
 * look. VERIFY must notice. Other clusters' restores are left alone.
 */
final class DocumentLosingRestoreCluster implements RestoreClusterActivities {
  private final RestoreClusterActivities cluster;
  private final String brokenCluster;

  DocumentLosingRestoreCluster(RestoreClusterActivities cluster, String brokenCluster) {
    this.cluster = cluster;
    this.brokenCluster = brokenCluster;
  }

  @Override
  public RestoreResult restoreSnapshot(RestoreRequest request) {
    RestoreResult result = cluster.restoreSnapshot(request);
    if (!request.cluster().equals(brokenCluster)) {
      return result;
    }
    String orders = result.indices().stream().filter(i -> i.startsWith(SampleData.ORDERS)).findFirst()
        .orElseThrow(() -> new IllegalStateException("the restore did not bring back " + SampleData.ORDERS));
    new SampleData(request.host().endpoint()).deleteOneDocument(orders);
    return result;
  }

  @Override
  public VerificationReport verifyRestore(VerifyRequest request) {
    return cluster.verifyRestore(request);
  }
}
