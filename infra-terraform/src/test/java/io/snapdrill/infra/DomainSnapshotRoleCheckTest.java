package io.snapdrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Amazon OpenSearch Service domains: {@code snapdrill repository ensure} registers the repository with
 * {@code role_arn}, the role the domain assumes for its snapshots (the cluster's snapshot-writer role),
 * signed as the worker role. So the writer role trusts es.amazonaws.com (refused at plan otherwise),
 * grants what AWS documents for it on the repository prefix, and the worker may pass exactly the
 * writer roles of the domains, only to es.amazonaws.com, only when a domain is listed.
 */
class DomainSnapshotRoleCheckTest {
  private static final String SID = "PassSnapshotRoleToDomains";
  private final TerraformModule iam = TerraformTree.shared().module("modules/iam");

  @Test
  void theWorkerPassesOnlyTheDomainsSnapshotRolesAndOnlyToTheDomains() {
    assertThat(violations(iam)).isEmpty();
  }

  @Test
  void aPassRoleWithoutTheServiceConditionOrOnEveryRoleIsReported() {
    TerraformModule variant = iam.copy();
    ObjectNode pass = passStatement(variant);
    pass.remove("condition");
    pass.putArray("resources").add("*");

    assertThat(violations(variant)).hasSize(2)
        .anySatisfy(v -> assertThat(v).contains("iam:PassedToService", "es.amazonaws.com"))
        .anySatisfy(v -> assertThat(v).contains("aws_iam_role.snapshot_writer", "'*'"));
  }

  @Test
  void aPassRoleThatExistsWithoutADomainIsReported() {
    TerraformModule variant = iam.copy();
    ArrayNode dynamics = (ArrayNode) worker(variant).path("dynamic").path("statement");
    for (JsonNode dynamic : dynamics) {
      if (SID.equals(dynamic.path("content").path(0).path("sid").asText())) {
        ((ObjectNode) dynamic).put("for_each", "${[1]}");
      }
    }

    assertThat(violations(variant)).singleElement().asString().contains("only with var.opensearch_domain_arns");
  }

  @Test
  void aMissingPassRoleIsReported() {
    TerraformModule variant = iam.copy();
    ArrayNode dynamics = (ArrayNode) worker(variant).path("dynamic").path("statement");
    for (int i = 0; i < dynamics.size(); i++) {
      if (SID.equals(dynamics.get(i).path("content").path(0).path("sid").asText())) {
        dynamics.remove(i);
        break;
      }
    }

    assertThat(violations(variant)).singleElement().asString().contains("no statement " + SID);
  }

  @Test
  void theSnapshotRoleTrustsTheDomainsAndGrantsWhatAwsDocumentsForIt() {
    assertThat(iam.variables().get("cluster_trusted_services").path("default").toString()).contains("es.amazonaws.com");
    JsonNode trust = iam.dataSources("aws_iam_policy_document").get("snapshot_writer_assume");
    assertThat(trust.path("statement").toString()).contains("sts:AssumeRole", "var.cluster_trusted_services");
    String precondition = iam.resources("aws_iam_role").get("snapshot_writer").path("lifecycle").toString().replace(" ", "");
    assertThat(precondition).as("a domain's role that does not trust es.amazonaws.com is refused at plan")
        .contains("contains(keys(var.opensearch_domain_arns),each.key)", "contains(var.cluster_trusted_services,\\\"es.amazonaws.com\\\")");

    assertThat(ConfigFields.exists(io.snapdrill.activities.config.SnapdrillConfig.class, "clusters[].repository.roleArn"))
        .as("snapshot_writer_role_arns fills clusters[].repository.roleArn").isTrue();
    assertThat(iam.outputs().get("snapshot_writer_role_arns")).isNotNull();

    String writer = iam.dataSources("aws_iam_policy_document").get("snapshot_writer").toString();
    assertThat(writer).contains("\"s3:ListBucket\"", "\"s3:GetObject\"", "\"s3:PutObject\"", "\"s3:DeleteObject\"",
        "${each.value.primary_bucket_arn}/${each.value.prefix}/*");
  }

  @Test
  void theOperationsGuideNamesTheGrant() throws IOException {
    String guide = Files.readString(TerraformTree.shared().root().resolveSibling("docs").resolve("operations.md"));
    assertThat(guide.lines().filter(l -> l.startsWith("| `iam:PassRole` |") && l.contains("`" + SID + "`"))).isNotEmpty();
  }

  static List<String> violations(TerraformModule module) {
    List<String> violations = new ArrayList<>();
    JsonNode dynamic = null;
    for (JsonNode d : worker(module).path("dynamic").path("statement")) {
      if (SID.equals(d.path("content").path(0).path("sid").asText())) {
        dynamic = d;
      }
    }
    if (dynamic == null) {
      return List.of("the worker policy has no statement " + SID + ": repository ensure cannot register a domain's"
          + " repository with role_arn");
    }
    if (!dynamic.path("for_each").asText().replace(" ", "").contains("length(var.opensearch_domain_arns)>0?[1]:[]")) {
      violations.add(SID + " must exist only with var.opensearch_domain_arns (for_each length(...) > 0 ? [1] : [])");
    }
    JsonNode content = dynamic.path("content").path(0);
    if (!content.path("actions").toString().equals("[\"iam:PassRole\"]")) {
      violations.add(SID + " grants " + content.path("actions") + ", not iam:PassRole alone");
    }
    for (JsonNode resource : content.path("resources").isArray() ? content.path("resources") : List.of(content.path("resources"))) {
      if (!resource.asText().matches("\\$\\{\\[for name in sort\\(keys\\(var\\.opensearch_domain_arns\\)\\) : "
          + "aws_iam_role\\.snapshot_writer\\[name]\\.arn]}")) {
        violations.add(SID + " passes '" + resource.asText() + "': only aws_iam_role.snapshot_writer of the clusters in"
            + " var.opensearch_domain_arns");
      }
    }
    boolean toDomainsOnly = false;
    for (JsonNode condition : content.path("condition")) {
      toDomainsOnly |= condition.path("test").asText().equals("StringEquals")
          && condition.path("variable").asText().equals("iam:PassedToService")
          && condition.path("values").toString().equals("[\"es.amazonaws.com\"]");
    }
    if (!toDomainsOnly) {
      violations.add(SID + " lacks the condition iam:PassedToService = es.amazonaws.com: the role could be passed to"
          + " any service");
    }
    return violations;
  }

  private static ObjectNode worker(TerraformModule module) {
    return module.dataSources("aws_iam_policy_document").get("worker");
  }

  private static ObjectNode passStatement(TerraformModule module) {
    for (JsonNode d : worker(module).path("dynamic").path("statement")) {
      if (SID.equals(d.path("content").path(0).path("sid").asText())) {
        return (ObjectNode) d.path("content").get(0);
      }
    }
    throw new AssertionError("no " + SID);
  }
}
