package io.snapdrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IamPolicyCheckTest {
  /** The principals that must never delete repository blobs unless healing is enabled. */
  private static final Set<String> READ_ONLY_ROLES = Set.of("worker", "restore_host");

  private final TerraformModule iam = TerraformTree.shared().module("modules/iam");

  @Test
  void theWorkerAndRestoreHostCannotDeleteRepositoryBlobsUnlessHealingIsEnabled() {
    List<String> violations = new ArrayList<>();
    for (String name : TerraformTree.shared().moduleNames()) {
      violations.addAll(PolicyCheck.deleteViolations(TerraformTree.shared().module(name), READ_ONLY_ROLES));
    }
    assertThat(violations).isEmpty();
  }

  @Test
  void theCheckSeesTheHealingStatementAndBothRolesPolicies() {
    ObjectNode worker = iam.dataSources("aws_iam_policy_document").get("worker");
    List<PolicyCheck.Statement> healing = PolicyCheck.statements(worker, false).stream()
        .filter(s -> s.actions().stream().anyMatch(PolicyCheck::canDeleteObjects))
        .toList();

    assertThat(healing).singleElement().satisfies(s -> {
      assertThat(s.healingGuarded()).isTrue();
      assertThat(s.actions()).containsExactly("s3:DeleteObjectVersion");
    });
    assertThat(PolicyCheck.referencedName(iam.resources("aws_iam_role_policy").get("restore_host").get("policy"),
        "aws_iam_policy_document")).isEqualTo("restore_host");
    assertThat(PolicyCheck.referencedName(iam.resources("aws_iam_role_policy").get("worker").get("role"),
        "aws_iam_role")).isEqualTo("worker");
  }

  @Test
  void theHealingStatementOutsideItsConditionIsReported() {
    TerraformModule variant = iam.copy();
    ObjectNode worker = variant.dataSources("aws_iam_policy_document").get("worker");
    JsonNode healing = removeDynamicStatement(worker, "HealDeleteMarkers");
    worker.withArray("statement").add(healing.path("content").get(0));

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES)).singleElement().asString()
        .contains("'HealDeleteMarkers'")
        .contains("[s3:DeleteObjectVersion]")
        .contains("role worker")
        .contains("outside the enable_healing condition");
  }

  @Test
  void aWildcardOnTheWorkersReadStatementIsReported() {
    TerraformModule variant = iam.copy();
    staticStatement(variant, "worker", "ReadRepositoryBlobs").withArray("actions").add("s3:*");

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES)).singleElement().asString()
        .contains("'ReadRepositoryBlobs'").contains("[s3:*]");
  }

  @Test
  void aDeleteWildcardForTheRestoreHostIsReported() {
    TerraformModule variant = iam.copy();
    staticStatement(variant, "restore_host", "ReadReplicaRepositoryBlobs").withArray("actions").add("s3:Delete*");

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES)).singleElement().asString()
        .contains("role restore_host").contains("[s3:Delete*]");
  }

  @Test
  void healingOnTheWholeBucketIsReported() {
    TerraformModule variant = iam.copy();
    ObjectNode worker = variant.dataSources("aws_iam_policy_document").get("worker");
    ObjectNode content = (ObjectNode) findDynamicStatement(worker, "HealDeleteMarkers").path("content").get(0);
    content.putArray("resources").add("${local.primary_buckets[0]}/*");

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES)).singleElement().asString()
        .contains("not limited to keys under a repository prefix");
  }

  @Test
  void aHealingPolicyCreatedOnlyWithEnableHealingIsAccepted() {
    // the other accepted form: a separate policy whose count depends on enable_healing
    TerraformModule variant = iam.copy();
    ObjectNode worker = variant.dataSources("aws_iam_policy_document").get("worker");
    JsonNode healing = removeDynamicStatement(worker, "HealDeleteMarkers");
    ObjectNode doc = variant.root().withObjectProperty("data").withObjectProperty("aws_iam_policy_document").putObject("worker_healing");
    doc.putArray("statement").add(healing.path("content").get(0));
    ObjectNode policy = variant.root().withObjectProperty("resource").withObjectProperty("aws_iam_role_policy").putObject("worker_healing");
    policy.put("count", "${var.enable_healing ? 1 : 0}");
    policy.put("role", "${aws_iam_role.worker.id}");
    policy.put("policy", "${data.aws_iam_policy_document.worker_healing.json}");

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES)).isEmpty();

    policy.remove("count");
    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES)).singleElement().asString()
        .contains("aws_iam_role_policy.worker_healing");
  }

  @Test
  void aPolicyTheCheckCannotReadIsReported() {
    TerraformModule variant = iam.copy();
    ObjectNode policy = variant.root().withObjectProperty("resource").withObjectProperty("aws_iam_role_policy").putObject("worker_extra");
    policy.put("role", "${aws_iam_role.worker.name}");
    policy.put("policy", "${jsonencode({Statement = [{Effect = \"Allow\", Action = \"s3:*\", Resource = \"*\"}]})}");

    assertThat(PolicyCheck.deleteViolations(variant, READ_ONLY_ROLES)).singleElement().asString()
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

  private static JsonNode removeDynamicStatement(ObjectNode document, String sid) {
    ArrayNode dynamics = (ArrayNode) document.path("dynamic").path("statement");
    for (int i = 0; i < dynamics.size(); i++) {
      if (sid.equals(dynamics.get(i).path("content").get(0).path("sid").asText())) {
        return dynamics.remove(i);
      }
    }
    throw new AssertionError("no dynamic statement " + sid);
  }
}
