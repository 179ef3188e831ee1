/**
 * The restore host on EC2: {@link io.snapdrill.activities.host.ec2.Ec2RestoreHostActivities} (PROVISION_HOST,
 * TEARDOWN), {@link io.snapdrill.activities.host.ec2.Ec2JanitorActivities} (the janitor's EC2 and Temporal
 * side) and {@link io.snapdrill.activities.host.ec2.Ec2HostLiveness} (is a host gone after a spot
 * interruption).
 *
 * <p>The worker's role needs, in the DR region, the actions of {@link
 * io.snapdrill.activities.host.ec2.Ec2HostPermissions#WORKER}. The root volume is encrypted with
 * the account's default EBS key: when that is a customer managed KMS key, the role also needs
 * {@code kms:CreateGrant}, {@code kms:Decrypt}, {@code kms:DescribeKey},
 * {@code kms:GenerateDataKeyWithoutPlainText} and {@code kms:ReEncrypt*} on it (AWS's "Requirements for
 * Amazon EBS encryption"). The security group must let the
 * worker reach the host on TCP 9200; the host needs outbound HTTPS to the Elastic or OpenSearch
 * artifact downloads and to S3, and its instance profile read access to the replica bucket.
 */
package io.snapdrill.activities.host.ec2;
