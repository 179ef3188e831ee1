package io.snapdrill.workflows.activities;

import io.snapdrill.model.HealReport;
import io.snapdrill.model.HealRequest;
import io.snapdrill.model.StorageAudit;
import io.snapdrill.model.StorageCheckRequest;
import io.temporal.activity.ActivityInterface;

/** AUDIT_STORAGE: versioning, lifecycle rule scope and delete markers, in both buckets. */
@ActivityInterface
public interface StorageAuditActivities {

  /** Findings only; the workflow turns them into failures so the heal policy can act on them. */
  StorageAudit auditStorage(StorageCheckRequest request);

  /** Removes the given delete markers whose previous version exists. Idempotent. */
  HealReport healDeleteMarkers(HealRequest request);
}
