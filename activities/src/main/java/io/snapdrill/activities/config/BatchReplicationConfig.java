package io.snapdrill.activities.config;

/**
 * Start an S3 Batch Replication job (s3control) for repository objects that never replicated.
 *
 * @param accountId the AWS account owning the primary bucket
 * @param roleArn the IAM role the batch job runs as
 */
public record BatchReplicationConfig(boolean enabled, String accountId, String roleArn) {}
