/**
 * The restore host on EC2: {@link io.snapdrill.activities.host.Ec2RestoreHostActivities} (PROVISION_HOST,
 * TEARDOWN), {@link io.snapdrill.activities.host.Ec2JanitorActivities} (the janitor's EC2 and Temporal
 * side) and {@link io.snapdrill.activities.host.Ec2HostLiveness} (is a host gone after a spot
 * interruption).
 *
 * <p>The worker's role needs, in the DR region: {@code ec2:RunInstances}, {@code ec2:CreateTags} (tags
 * are applied at launch), {@code ec2:DescribeInstances}, {@code ec2:DescribeSubnets},
 * {@code ec2:DescribeSpotPriceHistory}, {@code ec2:TerminateInstances},
 * {@code ec2:CancelSpotInstanceRequests}, {@code ssm:GetParameter} on the AMI parameter, and
 * {@code iam:PassRole} for the restore host's instance profile role. The security group must let the
 * worker reach the host on TCP 9200; the host needs outbound HTTPS to the Elastic or OpenSearch
 * artifact downloads and to S3, and its instance profile read access to the replica bucket.
 */
package io.snapdrill.activities.host;
