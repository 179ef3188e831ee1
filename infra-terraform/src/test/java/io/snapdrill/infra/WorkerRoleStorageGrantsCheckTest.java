package io.snapdrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapdrill.activities.aws.WorkerRolePermissions;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The worker role grants every S3, S3 Control, SQS and STS call the worker makes with it
 * ({@link WorkerRolePermissions#WORKER}, the list the activities' and worker's tests hold every recorded
 * AWS call to), on the resource the call is made on, and writes nothing in the snapshot buckets.
 * docs/operations.md lists each grant with the statement that gives it.
 */
class WorkerRoleStorageGrantsCheckTest {
  private final TerraformModule iam = TerraformTree.shared().module("modules/iam");

  @Test
  void theWorkerRoleGrantsEveryCallOnItsResource() {
    assertThat(WorkerGrants.missingGrants(iam)).isEmpty();
  }

  @Test
  void aMissingGrantIsReported() {
    TerraformModule variant = iam.copy();
    removeAction(statement(variant, "ReadRepositoryBlobs"), "s3:GetObjectVersion");

    assertThat(WorkerGrants.missingGrants(variant)).singleElement().asString()
        .contains("s3:GetObjectVersion", "the repository keys of both buckets", "GetObject");
  }

  @Test
  void aGrantOnOnlyOneBucketIsReported() {
    TerraformModule variant = iam.copy();
    statement(variant, "ReadBucketConfiguration").put("resources", "${local.primary_buckets}");

    assertThat(WorkerGrants.missingGrants(variant)).hasSize(5)
        .allSatisfy(m -> assertThat(m).contains("both snapshot buckets"))
        .anySatisfy(m -> assertThat(m).startsWith("s3:GetIntelligentTieringConfiguration"));
  }

  @Test
  void anObjectGrantOnTheBucketArnIsReported() {
    TerraformModule variant = iam.copy();
    statement(variant, "ReadRepositoryBlobs").put("resources", "${concat(local.primary_buckets, local.replica_buckets)}");

    assertThat(WorkerGrants.missingGrants(variant)).hasSize(2)
        .anySatisfy(m -> assertThat(m).startsWith("s3:GetObject on"))
        .anySatisfy(m -> assertThat(m).startsWith("s3:GetObjectVersion on"));
  }

  @Test
  void repositoryAccessMustNotDependOnAVariable() {
    TerraformModule variant = iam.copy();
    ObjectNode worker = variant.dataSources("aws_iam_policy_document").get("worker");
    ArrayNode statements = (ArrayNode) worker.path("statement");
    for (int i = 0; i < statements.size(); i++) {
      if (statements.get(i).path("sid").asText().equals("ListRepositoryKeysAndVersions")) {
        ObjectNode dynamic = ((ArrayNode) worker.path("dynamic").path("statement")).addObject();
        dynamic.put("for_each", "${var.enable_healing ? [1] : []}");
        dynamic.putArray("content").add(statements.remove(i));
        break;
      }
    }

    assertThat(WorkerGrants.missingGrants(variant)).hasSize(2)
        .allSatisfy(m -> assertThat(m).contains("in a statement that always exists"));
  }

  @Test
  void aMissingQueueGrantIsReported() {
    TerraformModule variant = iam.copy();
    ArrayNode dynamics = (ArrayNode) variant.dataSources("aws_iam_policy_document").get("worker")
        .path("dynamic").path("statement");
    for (int i = 0; i < dynamics.size(); i++) {
      if (dynamics.get(i).path("content").path(0).path("sid").asText().equals("KeepUnhandledEvents")) {
        dynamics.remove(i);
        break;
      }
    }

    assertThat(WorkerGrants.missingGrants(variant)).singleElement().asString()
        .contains("sqs:SendMessage", "the dead-letter queue");
  }

  @Test
  void theWorkerRoleWritesNothingInTheSnapshotBuckets() {
    assertThat(WorkerGrants.repositoryWrites(iam)).isEmpty();
    assertThat(WorkerGrants.allows(iam)).as("the reports upload is the one write, and the check sees it")
        .filteredOn(a -> WorkerGrants.WRITES.stream().anyMatch(a::grants)).extracting(WorkerGrants.Allow::sid)
        .containsExactly("WriteAndReadReports");
  }

  @Test
  void aWriteOnRepositoryKeysIsReported() {
    TerraformModule variant = iam.copy();
    ((ArrayNode) statement(variant, "ReadRepositoryBlobs").path("actions")).add("s3:PutObject");

    assertThat(WorkerGrants.repositoryWrites(variant)).singleElement().asString()
        .contains("ReadRepositoryBlobs", "s3:PutObject");
  }

  @Test
  void aWildcardWriteAnywhereIsReported() {
    TerraformModule variant = iam.copy();
    ((ArrayNode) statement(variant, "DescribeRestoreHosts").path("actions")).add("s3:Delete*");
    ((ArrayNode) statement(variant, "ReadBucketConfiguration").path("actions")).add("s3:Put*");

    assertThat(WorkerGrants.repositoryWrites(variant)).hasSize(2)
        .anySatisfy(m -> assertThat(m).contains("DescribeRestoreHosts", "s3:DeleteObjectVersion", "'*'"))
        .anySatisfy(m -> assertThat(m).contains("ReadBucketConfiguration", "s3:PutLifecycleConfiguration"));
  }

  @Test
  void theWorkerRoleGrantsNothingItsCodeDoesNotCall() {
    assertThat(WorkerGrants.grantsBeyondTheCode(iam)).isEmpty();
  }

  @Test
  void aGrantNoCallNeedsIsReported() {
    TerraformModule variant = iam.copy();
    ((ArrayNode) statement(variant, "ReadBucketConfiguration").path("actions")).add("s3:GetBucketPolicy");
    ((ArrayNode) statement(variant, "ReadRepositoryBlobs").path("actions")).add("s3:*");

    assertThat(WorkerGrants.grantsBeyondTheCode(variant)).hasSize(2)
        .anySatisfy(m -> assertThat(m).contains("ReadBucketConfiguration", "s3:GetBucketPolicy"))
        .anySatisfy(m -> assertThat(m).contains("ReadRepositoryBlobs", "s3:*"));
  }

  @Test
  void theReportsBucketCannotBeASnapshotBucket() {
    assertThat(WorkerGrants.reportsBucketGuardViolations(iam)).isEmpty();
  }

  @Test
  void aMissingReportsBucketGuardIsReported() {
    TerraformModule variant = iam.copy();
    variant.resources("aws_iam_role_policy").get("worker").remove("lifecycle");

    assertThat(WorkerGrants.reportsBucketGuardViolations(variant)).singleElement().asString()
        .contains("reports_bucket_arn");
  }

  @Test
  void theOperationsGuideListsEveryGrantWithTheStatementThatGivesIt() throws IOException {
    String guide = Files.readString(TerraformTree.shared().root().resolveSibling("docs").resolve("operations.md"));
    assertThat(guideViolations(guide, iam)).isEmpty();
  }

  @Test
  void aGuideRowNamingTheWrongStatementIsReported() throws IOException {
    String guide = Files.readString(TerraformTree.shared().root().resolveSibling("docs").resolve("operations.md"))
        .replace("| `sqs:SendMessage` | ", "| `sqs:SendMessageBatch` | ");

    assertThat(guideViolations(guide, iam)).singleElement().asString().contains("sqs:SendMessage");
  }

  /** Each grant has a row "| `action` | ... | ... `Sid` ... |" naming a statement that gives it. */
  static List<String> guideViolations(String guide, TerraformModule module) {
    List<WorkerGrants.Allow> allows = WorkerGrants.allows(module);
    List<String> violations = new ArrayList<>();
    for (WorkerRolePermissions.Grant grant : WorkerRolePermissions.WORKER) {
      List<String> rows = guide.lines().filter(l -> l.startsWith("| `" + grant.action() + "` |")).toList();
      List<String> sids = WorkerGrants.grantingStatements(allows, grant);
      boolean named = rows.stream().anyMatch(row -> sids.stream()
          .anyMatch(sid -> Pattern.compile("`" + Pattern.quote(sid) + "`").matcher(row).find()));
      if (!named) {
        violations.add("docs/operations.md has no row for " + grant.action() + " (" + grant.operation()
            + ") naming a statement that grants it " + sids);
      }
    }
    return violations;
  }

  private static ObjectNode statement(TerraformModule module, String sid) {
    for (JsonNode s : module.dataSources("aws_iam_policy_document").get("worker").path("statement")) {
      if (sid.equals(s.path("sid").asText())) {
        return (ObjectNode) s;
      }
    }
    throw new AssertionError("no statement " + sid + " in the worker policy");
  }

  private static void removeAction(ObjectNode statement, String action) {
    List<String> kept = new ArrayList<>();
    statement.path("actions").forEach(a -> kept.add(a.asText()));
    kept.remove(action);
    statement.putArray("actions").addAll(kept.stream().map(statement::textNode).toList());
  }
}
