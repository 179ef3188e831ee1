package io.snapdrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapdrill.activities.host.ec2.Ec2HostPermissions;
import io.snapdrill.activities.host.ec2.RestoreHostTags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The worker role grants what the EC2 restore host code calls. {@link Ec2HostPermissions#WORKER} is the
 * list the EC2 tests hold the code to (every Action their EC2 stub receives must be in it); this check
 * holds infra-terraform's worker policy and docs/operations.md to the same list.
 */
class WorkerRoleGrantsCheckTest {
  private static final Pattern TAG_CONDITION = Pattern.compile("^aws:(Resource|Request)Tag/(.+)$");

  private final TerraformModule iam = TerraformTree.shared().module("modules/iam");

  @Test
  void theWorkerRoleGrantsEveryActionTheEc2CodeCalls() {
    assertThat(missingGrants(iam)).isEmpty();
  }

  @Test
  void aMissingGrantIsReported() {
    TerraformModule variant = iam.copy();
    for (JsonNode s : worker(variant).path("statement")) {
      List<String> kept = new ArrayList<>();
      s.path("actions").forEach(a -> kept.add(a.asText()));
      if (kept.remove("ec2:DescribeInstances")) {
        ObjectNode statement = (ObjectNode) s;
        statement.putArray("actions").addAll(kept.stream().map(statement::textNode).toList());
      }
    }

    assertThat(missingGrants(variant)).singleElement().asString().contains("ec2:DescribeInstances");
  }

  @Test
  void theOperationsGuideListsEveryGrant() throws IOException {
    String guide = Files.readString(TerraformTree.shared().root().resolveSibling("docs").resolve("operations.md"));
    for (Ec2HostPermissions.Grant grant : Ec2HostPermissions.WORKER) {
      assertThat(guide).as("docs/operations.md's worker permissions table").contains("| `" + grant.action() + "` |");
    }
  }

  @Test
  void hostsAreTerminatedByTheTagsTheJanitorFindsThemBy() {
    assertThat(terminateTagViolations(iam)).isEmpty();
  }

  @Test
  void aTerminateConditionOnATagTheJanitorDoesNotListByIsReported() {
    TerraformModule variant = iam.copy();
    ObjectNode condition = statement(variant, "TerminateOwnRestoreHostsOnly").withArray("condition").addObject();
    condition.put("test", "Null");
    condition.put("variable", "aws:ResourceTag/" + RestoreHostTags.WORKFLOW_ID);
    condition.putArray("values").add("false");

    assertThat(terminateTagViolations(variant)).singleElement().asString().contains(RestoreHostTags.WORKFLOW_ID);
  }

  /**
   * TerminateInstances may require only tags the janitor lists hosts by (else a host it judges orphaned
   * is refused), and launching must require each of them (else a launched host cannot be terminated).
   */
  static List<String> terminateTagViolations(TerraformModule module) {
    List<String> violations = new ArrayList<>();
    List<String> terminateTags = tagConditions(statement(module, "TerminateOwnRestoreHostsOnly"), "Resource");
    List<String> launchTags = tagConditions(statement(module, "LaunchTaggedRestoreHosts"), "Request");
    for (String tag : terminateTags) {
      if (!RestoreHostTags.JANITOR_FINDS_BY.contains(tag)) {
        violations.add("TerminateOwnRestoreHostsOnly requires tag " + tag + ", which the janitor does not list hosts by "
            + RestoreHostTags.JANITOR_FINDS_BY + ": a host it finds without it is judged and then refused");
      }
      if (!launchTags.contains(tag)) {
        violations.add("TerminateOwnRestoreHostsOnly requires tag " + tag + ", which LaunchTaggedRestoreHosts does not");
      }
    }
    if (terminateTags.isEmpty()) {
      violations.add("TerminateOwnRestoreHostsOnly has no resource tag condition");
    }
    return violations;
  }

  @Test
  void rootVolumesCanBeTaggedAtLaunch() {
    // RunInstances tags the instance, its spot request and its root volume (TagSpecifications); a
    // CreateTags grant missing one of them refuses the whole launch.
    assertThat(statement(iam, "TagAtLaunchOnly").path("resources").toString())
        .contains("local.dr_instances", "local.dr_spot_requests", "local.dr_volumes");
    assertThat(iam.expressions().expandLocals("${local.dr_volumes}")).contains(":volume/*");
  }

  @Test
  void aRunningRestoreMayMoveOnlyItsHostsExpiryTag() {
    // Ec2HostLease tags a running instance; TagAtLaunchOnly refuses that, so a statement of its own
    // allows exactly the expiry tag on this namespace's instances.
    JsonNode renew = statement(iam, "RenewOwnRestoreHostExpiry");
    assertThat(renew.path("actions").toString()).isEqualTo("[\"ec2:CreateTags\"]");
    assertThat(renew.path("resources")).hasSize(1);
    assertThat(renew.path("resources").toString()).contains("local.dr_instances");
    assertThat(renew.path("condition").toString())
        .contains("aws:ResourceTag/" + RestoreHostTags.NAMESPACE)
        .contains("\"ForAllValues:StringEquals\"", "\"aws:TagKeys\"", "[\"" + RestoreHostTags.EXPIRES_AT + "\"]");
  }

  @Test
  void theWorkerCanLaunchOnlyHostsThatRequireImdsV2() {
    // The restore host's credentials are the instance profile's: IMDSv1 would hand them to any SSRF on it.
    // Ec2LaunchSpec asks for HttpTokens required; the policy refuses any launch that does not.
    List<JsonNode> denials = new ArrayList<>();
    for (JsonNode s : worker(iam).path("statement")) {
      boolean denyRunInstances = "Deny".equals(s.path("effect").asText())
          && s.path("actions").toString().contains("\"ec2:RunInstances\"")
          && s.path("resources").toString().contains("local.dr_instances");
      for (JsonNode c : s.path("condition")) {
        if (denyRunInstances && c.path("test").asText().equals("StringNotEquals")
            && c.path("variable").asText().equals("ec2:MetadataHttpTokens")
            && c.path("values").toString().equals("[\"required\"]")) {
          denials.add(s);
        }
      }
    }
    assertThat(denials).as("a Deny of ec2:RunInstances on instances unless ec2:MetadataHttpTokens is required").hasSize(1);
  }

  @Test
  void theWorkerCanLaunchOnlyTheRestoreHostInstanceTypes() {
    // A worker whose configuration or credentials go wrong cannot start a fleet of the largest instances.
    assertThat(instanceTypeDenials(iam)).as("a Deny of ec2:RunInstances on instances unless ec2:InstanceType is"
        + " one of var.restore_host_instance_types").hasSize(1);
    assertThat(iam.variables().get("restore_host_instance_types").path("default").toString())
        .isEqualTo(TerraformTree.shared().module("modules/restore-host").variables().get("instance_types")
            .path("default").toString());
    assertThat(TerraformTree.shared().module("examples/complete").moduleCalls().get("iam")
        .path("restore_host_instance_types").asText()).isEqualTo("${module.restore_host.instance_types}");
  }

  @Test
  void anInstanceTypeConditionOnAnotherKeyIsNotADenial() {
    TerraformModule variant = iam.copy();
    for (JsonNode s : worker(variant).path("statement")) {
      for (JsonNode c : s.path("condition")) {
        if (c.path("variable").asText().equals("ec2:InstanceType")) {
          ((ObjectNode) c).put("test", "StringEquals");
        }
      }
    }
    assertThat(instanceTypeDenials(variant)).isEmpty();
  }

  private static List<JsonNode> instanceTypeDenials(TerraformModule module) {
    List<JsonNode> denials = new ArrayList<>();
    for (JsonNode s : worker(module).path("statement")) {
      boolean denyRunInstances = "Deny".equals(s.path("effect").asText())
          && s.path("actions").toString().contains("\"ec2:RunInstances\"")
          && s.path("resources").toString().contains("local.dr_instances");
      for (JsonNode c : s.path("condition")) {
        if (denyRunInstances && c.path("test").asText().equals("StringNotLike")
            && c.path("variable").asText().equals("ec2:InstanceType")
            && c.path("values").asText().equals("${var.restore_host_instance_types}")) {
          denials.add(s);
        }
      }
    }
    return denials;
  }

  /** Grants of {@link Ec2HostPermissions#WORKER} no unconditional Allow statement of the worker policy gives. */
  static List<String> missingGrants(TerraformModule module) {
    // Only static statements: a dynamic one exists only with some variable set, and the EC2 code always needs its grants.
    ObjectNode always = worker(module).deepCopy();
    always.remove("dynamic");
    List<PolicyCheck.Statement> statements = PolicyCheck.statements(always, false);
    List<String> missing = new ArrayList<>();
    for (Ec2HostPermissions.Grant grant : Ec2HostPermissions.WORKER) {
      boolean granted = statements.stream()
          .filter(s -> s.allows() && !s.resources().isEmpty())
          .anyMatch(s -> s.actions().stream().anyMatch(a -> PolicyCheck.matches(a, grant.action())));
      if (!granted) {
        missing.add(grant.action() + " (" + grant.usedFor() + ") is not granted by data.aws_iam_policy_document.worker");
      }
    }
    return missing;
  }

  private static ObjectNode worker(TerraformModule module) {
    return module.dataSources("aws_iam_policy_document").get("worker");
  }

  private static ObjectNode statement(TerraformModule module, String sid) {
    for (JsonNode s : worker(module).path("statement")) {
      if (sid.equals(s.path("sid").asText())) {
        return (ObjectNode) s;
      }
    }
    throw new AssertionError("no statement " + sid + " in the worker policy");
  }

  /** The tag keys a statement's conditions on aws:ResourceTag/ or aws:RequestTag/ name. */
  private static List<String> tagConditions(ObjectNode statement, String kind) {
    List<String> tags = new ArrayList<>();
    for (JsonNode condition : statement.path("condition")) {
      Matcher m = TAG_CONDITION.matcher(condition.path("variable").asText());
      if (m.matches() && m.group(1).equals(kind)) {
        tags.add(m.group(2));
      }
    }
    return tags;
  }
}
