package io.snapdrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import io.snapdrill.activities.storage.HealPermissions;
import org.junit.jupiter.api.Test;

class IamPolicyCheckTest {
  /** The roles that must never delete repository blobs, healing or not. */
  private static final Set<String> READ_ONLY_ROLES = Set.of("worker", "restore_host");
  /** The role healing runs as: version deletes under the repository prefixes, only with enable_healing. */
  private static final Set<String> HEAL_ROLES = Set.of("heal");
  private static final List<String> HEAL_ACTIONS =
      HealPermissions.HEAL_ROLE.stream().map(HealPermissions.Grant::action).toList();

  private final TerraformModule iam = TerraformTree.shared().module("modules/iam");

  @Test
  void theWorkerAndRestoreHostNeverDeleteAndTheHealRoleDeletesOnlyVersionsWithHealing() {
    List<String> violations = new ArrayList<>();
    for (String name : TerraformTree.shared().moduleNames()) {
      violations.addAll(PolicyCheck.deleteViolations(TerraformTree.shared().module(name), READ_ONLY_ROLES, HEAL_ROLES));
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theCheckSeesTheHealingStatementAndEveryRolesPolicy() {
    assertThat(deleting(iam.dataSources("aws_iam_policy_document").get("worker"))).as("the worker deletes nothing")
        .isEmpty();
    ObjectNode heal = iam.dataSources("aws_iam_policy_document").get("heal");
    assertThat(deleting(heal)).singleElement().satisfies(s -> assertThat(s.actions()).containsExactly("s3:DeleteObjectVersion"));
    assertThat(PolicyCheck.healingGuarded(iam.resources("aws_iam_role_policy").get("heal"))).isTrue();
    assertThat(PolicyCheck.referencedName(iam.resources("aws_iam_role_policy").get("restore_host").get("policy"),
        "aws_iam_policy_document")).isEqualTo("restore_host");
    assertThat(PolicyCheck.referencedName(iam.resources("aws_iam_role_policy").get("worker").get("role"),
        "aws_iam_role")).isEqualTo("worker");
    assertThat(PolicyCheck.referencedName(iam.resources("aws_iam_role_policy").get("heal").get("role"),
        "aws_iam_role")).isEqualTo("heal");
  }

  private static List<PolicyCheck.Statement> deleting(ObjectNode document) {
    return PolicyCheck.statements(document, false).stream()
        .filter(s -> s.actions().stream().anyMatch(PolicyCheck::canDeleteObjects))
        .toList();
  }

  @Test
  void aDeleteOnTheWorkerIsReportedEvenWithEnableHealing() {
    // what the worker held before the heal role: one role that could delete versions in both regions
    TerraformModule variant = iam.copy();
    ObjectNode worker = variant.dataSources("aws_iam_policy_document").get("worker");
    ObjectNode healing = worker.withObjectProperty("dynamic").withArray("statement").addObject();
    healing.put("for_each", "${var.enable_healing ? [1] : []}");
    ObjectNode content = healing.putArray("content").addObject();
    content.put("sid", "HealDeleteMarkers");
    content.putArray("actions").add("s3:DeleteObjectVersion");
    content.put("resources", "${concat(local.primary_repository_objects, local.replica_repository_objects)}");

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES, HEAL_ROLES)).singleElement().asString()
        .contains("'HealDeleteMarkers'")
        .contains("[s3:DeleteObjectVersion]")
        .contains("role worker, which must never delete");
  }

  @Test
  void theHealingPolicyWithoutItsConditionIsReported() {
    TerraformModule variant = iam.copy();
    variant.resources("aws_iam_role_policy").get("heal").remove("count");

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES, HEAL_ROLES)).singleElement().asString()
        .contains("'HealDeleteMarkers'")
        .contains("[s3:DeleteObjectVersion]")
        .contains("role heal")
        .contains("outside the enable_healing condition");
  }

  @Test
  void aPlainDeleteForTheHealRoleIsReported() {
    TerraformModule variant = iam.copy();
    staticStatement(variant, "heal", "HealDeleteMarkers").withArray("actions").add("s3:DeleteObject");

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES, HEAL_ROLES)).singleElement().asString()
        .contains("[s3:DeleteObject]").contains("healing needs only s3:DeleteObjectVersion");
  }

  @Test
  void aWildcardOnTheWorkersReadStatementIsReported() {
    TerraformModule variant = iam.copy();
    staticStatement(variant, "worker", "ReadRepositoryBlobs").withArray("actions").add("s3:*");

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES, HEAL_ROLES)).singleElement().asString()
        .contains("'ReadRepositoryBlobs'").contains("[s3:*]");
  }

  @Test
  void aDeleteWildcardForTheRestoreHostIsReported() {
    TerraformModule variant = iam.copy();
    staticStatement(variant, "restore_host", "ReadReplicaRepositoryBlobs").withArray("actions").add("s3:Delete*");

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES, HEAL_ROLES)).singleElement().asString()
        .contains("role restore_host").contains("[s3:Delete*]");
  }

  @Test
  void healingOnTheWholeBucketIsReported() {
    TerraformModule variant = iam.copy();
    staticStatement(variant, "heal", "HealDeleteMarkers").putArray("resources").add("${local.primary_buckets[0]}/*");

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES, HEAL_ROLES)).singleElement().asString()
        .contains("not limited to keys under a repository prefix");
  }

  @Test
  void theHealRoleIsTheWorkersForHealingAloneAndGrantsWhatHealingCalls() {
    assertThat(PolicyCheck.healRoleViolations(iam, HEAL_ACTIONS)).isEmpty();
  }

  @Test
  void aHealRoleOthersMayAssumeOrThatGrantsMoreIsReported() {
    TerraformModule variant = iam.copy();
    variant.resources("aws_iam_role").get("heal").remove("count");
    ObjectNode trust = (ObjectNode) variant.dataSources("aws_iam_policy_document").get("heal_assume")
        .path("statement").get(0).path("principals").get(0);
    trust.putArray("identifiers").add("${aws_iam_role.worker.arn}").add("arn:aws:iam::111122223333:root");
    staticStatement(variant, "heal", "ReadVersioning").withArray("actions").add("s3:PutBucketVersioning");
    staticStatement(variant, "heal", "ListRepositoryVersions").remove("condition");

    assertThat(PolicyCheck.healRoleViolations(variant, HEAL_ACTIONS)).hasSize(4).anySatisfy(v -> assertThat(v)
        .contains("aws_iam_role.heal exists without enable_healing")).anySatisfy(v -> assertThat(v)
        .contains("may be assumed by others than the worker role")).anySatisfy(v -> assertThat(v)
        .contains("grants s3:PutBucketVersioning in 'ReadVersioning', which healing never calls")).anySatisfy(v -> assertThat(v)
        .contains("grants s3:ListBucketVersions in 'ListRepositoryVersions' without an s3:prefix condition"));
  }

  @Test
  void aHealRoleMissingAGrantHealingNeedsIsReported() {
    TerraformModule variant = iam.copy();
    staticStatement(variant, "heal", "ReadVersioning").putArray("actions").add("s3:GetBucketLocation");

    assertThat(PolicyCheck.healRoleViolations(variant, HEAL_ACTIONS))
        .anySatisfy(v -> assertThat(v).contains("does not grant s3:GetBucketVersioning, which healing calls"));
  }

  @Test
  void theWorkerAssumingAnyRoleIsReported() {
    TerraformModule variant = iam.copy();
    ObjectNode assume = (ObjectNode) findDynamicStatement(
        variant.dataSources("aws_iam_policy_document").get("worker"), "AssumeHealRole").path("content").get(0);
    assume.putArray("resources").add("*");

    assertThat(PolicyCheck.healRoleViolations(variant, HEAL_ACTIONS)).singleElement().asString()
        .contains("sts:AssumeRole on aws_iam_role.heal[0].arn only");
  }

  @Test
  void aPolicyTheCheckCannotReadIsReported() {
    TerraformModule variant = iam.copy();
    ObjectNode policy = variant.root().withObjectProperty("resource").withObjectProperty("aws_iam_role_policy").putObject("worker_extra");
    policy.put("role", "${aws_iam_role.worker.name}");
    policy.put("policy", "${jsonencode({Statement = [{Effect = \"Allow\", Action = \"s3:*\", Resource = \"*\"}]})}");

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES, HEAL_ROLES)).singleElement().asString()
        .contains("aws_iam_role_policy.worker_extra").contains("not data.aws_iam_policy_document");
  }

  @Test
  void restoreHostsAreTerminatedOnlyByTag() {
    List<String> violations = new ArrayList<>();
    long statements = 0;
    for (String name : TerraformTree.shared().moduleNames()) {
      TerraformModule module = TerraformTree.shared().module(name);
      violations.addAll(PolicyCheck.terminateViolations(module));
      statements += PolicyCheck.terminateStatements(module);
    }
    assertThat(violations).isEmpty();
    assertThat(statements).as("statements granting ec2:TerminateInstances").isEqualTo(1);
  }

  @Test
  void terminateOnEveryInstanceIsReported() {
    TerraformModule variant = iam.copy();
    ObjectNode terminate = staticStatement(variant, "worker", "TerminateOwnRestoreHostsOnly");
    terminate.putArray("resources").add("*");

    assertThat(PolicyCheck.terminateViolations(variant)).singleElement().asString()
        .contains("'TerminateOwnRestoreHostsOnly'").contains("on \"*\"");
  }

  @Test
  void terminateWithoutATagConditionIsReported() {
    TerraformModule variant = iam.copy();
    staticStatement(variant, "worker", "TerminateOwnRestoreHostsOnly").remove("condition");

    assertThat(PolicyCheck.terminateViolations(variant)).singleElement().asString()
        .contains("without a condition on aws:ResourceTag/snapdrill:*");
  }

  @Test
  void terminateGrantedThroughAWildcardIsJudgedToo() {
    TerraformModule variant = iam.copy();
    staticStatement(variant, "worker", "DescribeRestoreHosts").withArray("actions").add("ec2:Terminate*");

    assertThat(PolicyCheck.terminateViolations(variant)).hasSize(2)
        .allSatisfy(v -> assertThat(v).contains("'DescribeRestoreHosts'"));
  }

  @Test
  void actionPatternsMatchLikeIam() {
    assertThat(PolicyCheck.canDeleteObjects("s3:*")).isTrue();
    assertThat(PolicyCheck.canDeleteObjects("*")).isTrue();
    assertThat(PolicyCheck.canDeleteObjects("S3:deleteobject")).isTrue();
    assertThat(PolicyCheck.canDeleteObjects("s3:Delete*")).isTrue();
    assertThat(PolicyCheck.canDeleteObjects("s3:*Version")).isTrue();
    assertThat(PolicyCheck.canDeleteObjects("s3:GetObject")).isFalse();
    assertThat(PolicyCheck.canDeleteObjects("s3:DeleteBucket")).isFalse();
    assertThat(PolicyCheck.canDeleteObjects("${local.actions}")).as("an expression is assumed to delete").isTrue();
  }

  private static ObjectNode staticStatement(TerraformModule module, String document, String sid) {
    for (JsonNode s : module.dataSources("aws_iam_policy_document").get(document).path("statement")) {
      if (sid.equals(s.path("sid").asText())) {
        return (ObjectNode) s;
      }
    }
    throw new AssertionError("no statement " + sid + " in " + document);
  }

  private static JsonNode findDynamicStatement(ObjectNode document, String sid) {
    for (JsonNode dynamic : document.path("dynamic").path("statement")) {
      if (sid.equals(dynamic.path("content").get(0).path("sid").asText())) {
        return dynamic;
      }
    }
    throw new AssertionError("no dynamic statement " + sid);
  }
}
