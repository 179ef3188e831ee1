package io.snapdrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The snapshot buckets protect themselves: their policies deny deleting versions and changing
 * lifecycle, versioning and replication to every principal they do not name, whatever IAM grants
 * elsewhere; Object Lock (governance) is an option, off by default.
 */
class BucketProtectionCheckTest {
  private static final List<String> BUCKETS = List.of("primary", "replica");

  private final TerraformModule buckets = TerraformTree.shared().module("modules/snapshot-buckets");
  private final TerraformModule example = TerraformTree.shared().module("examples/complete");

  @Test
  void bothBucketPoliciesDenyProtectedActionsToUnnamedPrincipals() {
    List<String> violations = new ArrayList<>();
    for (String bucket : BUCKETS) {
      violations.addAll(PolicyCheck.bucketProtectionViolations(buckets, bucket));
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void onlyTheNamedVersionDeletersMayDeleteVersionsAndOnlyAdminsChangeTheBuckets() {
    for (String bucket : BUCKETS) {
      String deleters = buckets.expressions().expandLocals(
          String.join(" ", PolicyCheck.exemptPrincipals(buckets, bucket, "s3:DeleteObjectVersion")));
      assertThat(deleters).as(bucket + ": who may delete versions").contains("var.version_deleter_arns")
          .doesNotContain("var.bucket_admin_arns");
      for (String action : List.of("s3:PutLifecycleConfiguration", "s3:PutBucketVersioning",
          "s3:PutReplicationConfiguration")) {
        String admins = buckets.expressions().expandLocals(
            String.join(" ", PolicyCheck.exemptPrincipals(buckets, bucket, action)));
        assertThat(admins).as(bucket + ": who may " + action)
            .contains("var.bucket_admin_arns")
            .as("the principal running Terraform, as its IAM role").contains("aws_iam_session_context")
            .doesNotContain("var.version_deleter_arns");
      }
    }
  }

  @Test
  void aProtectedActionMissingFromTheReplicaPolicyIsReported() {
    TerraformModule variant = buckets.copy();
    ObjectNode policy = document(variant, "replica");
    for (JsonNode s : policy.path("statement")) {
      List<String> kept = new ArrayList<>();
      s.path("actions").forEach(a -> kept.add(a.asText()));
      if (kept.remove("s3:PutLifecycleConfiguration")) {
        ((ObjectNode) s).putArray("actions").addAll(kept.stream().map(policy::textNode).toList());
      }
    }

    assertThat(PolicyCheck.bucketProtectionViolations(variant, "replica")).singleElement().asString()
        .contains("aws_s3_bucket_policy.replica").contains("does not deny s3:PutLifecycleConfiguration");
    assertThat(PolicyCheck.bucketProtectionViolations(variant, "primary")).isEmpty();
  }

  @Test
  void aDenyWithAnotherConditionOrOnAnotherResourceDoesNotCount() {
    TerraformModule variant = buckets.copy();
    for (JsonNode s : document(variant, "primary").path("statement")) {
      if (s.path("actions").toString().contains("s3:DeleteObjectVersion")) {
        ObjectNode condition = ((ObjectNode) s).withArray("condition").addObject();
        condition.put("test", "Bool");
        condition.put("variable", "aws:SecureTransport");
        condition.putArray("values").add("false");
      }
      if (s.path("actions").toString().contains("s3:PutBucketVersioning")) {
        ((ObjectNode) s).putArray("resources").add("${aws_s3_bucket.primary.arn}/*");
      }
    }

    assertThat(PolicyCheck.bucketProtectionViolations(variant, "primary")).hasSize(4)
        .anySatisfy(v -> assertThat(v).contains("does not deny s3:DeleteObjectVersion"))
        .anySatisfy(v -> assertThat(v).contains("does not deny s3:PutBucketVersioning"));
  }

  @Test
  void objectLockIsGovernanceOnBothBucketsAndOffByDefault() {
    assertThat(PolicyCheck.objectLockViolations(buckets)).isEmpty();
  }

  @Test
  void complianceModeOrALockOnByDefaultIsReported() {
    TerraformModule variant = buckets.copy();
    ((ObjectNode) variant.resources("aws_s3_bucket_object_lock_configuration").get("replica")
        .path("rule").get(0).path("default_retention").get(0)).put("mode", "COMPLIANCE");
    variant.variables().get("object_lock_governance_days").put("default", 30);

    assertThat(PolicyCheck.objectLockViolations(variant)).containsExactlyInAnyOrder(
        "modules/snapshot-buckets: var.object_lock_governance_days must default to null (Object Lock off): once on,"
            + " a bucket's Object Lock cannot be turned off",
        "modules/snapshot-buckets: aws_s3_bucket_object_lock_configuration.replica: default retention mode is"
            + " 'COMPLIANCE', not GOVERNANCE");
  }

  @Test
  void replicationKeepsLockedObjectsRetention() {
    // S3 replicates a locked object only when the replication role may read its retention and legal hold
    JsonNode replication = buckets.dataSources("aws_iam_policy_document").get("replication");
    List<PolicyCheck.Statement> lockReads = PolicyCheck.statements(replication, false).stream()
        .filter(s -> s.actions().containsAll(List.of("s3:GetObjectRetention", "s3:GetObjectLegalHold")))
        .toList();
    assertThat(lockReads).singleElement().satisfies(s ->
        assertThat(s.block().toString()).contains("aws_s3_bucket.primary.arn"));
    assertThat(replication.path("dynamic").toString()).contains("var.object_lock_governance_days");
  }

  @Test
  void theExampleNamesTheHealRoleAsTheOnlyVersionDeleter() {
    ObjectNode call = example.moduleCalls().get("buckets");
    assertThat(call.path("version_deleter_arns").asText()).contains("module.iam.heal_role_arn");
    assertThat(call.path("object_lock_governance_days").asText()).isEqualTo("${var.object_lock_governance_days}");
    assertThat(example.variables().get("object_lock_governance_days").get("default").isNull()).isTrue();
  }

  private static ObjectNode document(TerraformModule module, String bucket) {
    return module.dataSources("aws_iam_policy_document").get(PolicyCheck.referencedName(
        module.resources("aws_s3_bucket_policy").get(bucket).get("policy"), "aws_iam_policy_document"));
  }
}
