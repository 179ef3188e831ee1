package io.snapdrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapdrill.activities.aws.WorkerRolePermissions;
import io.snapdrill.activities.aws.WorkerRolePermissions.Grant;
import io.snapdrill.activities.aws.WorkerRolePermissions.Resource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The worker policy ({@code data.aws_iam_policy_document.worker}) held to {@link WorkerRolePermissions}:
 * every S3, S3 Control, SQS and STS call the worker makes with its own role is allowed on the resource
 * it is made on, and no statement lets the worker write to, or delete from, a snapshot bucket.
 *
 * <p>Resources are judged on the locals-expanded expressions: a repository bucket ARN is
 * {@code r.primary_bucket_arn} (or replica) as it stands, a repository key pattern is
 * {@code "${r.primary_bucket_arn}/${r.prefix}/*"}. In a dynamic statement, {@code statement.value} is
 * the variable its for_each lists ({@code var.x == null ? [] : [var.x]}).
 */
final class WorkerGrants {
  /**
   * What writes to or deletes from a bucket or its objects, or changes what keeps its versions: none of
   * it may reach a snapshot bucket through the worker's role (healing's one delete is the heal role's).
   */
  static final List<String> WRITES = List.of("s3:PutObject", "s3:PutObjectAcl", "s3:PutObjectTagging",
      "s3:PutObjectVersionAcl", "s3:PutObjectVersionTagging", "s3:PutObjectRetention", "s3:PutObjectLegalHold",
      "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteObjectTagging", "s3:DeleteObjectVersionTagging",
      "s3:ReplicateObject", "s3:ReplicateDelete", "s3:ReplicateTags", "s3:RestoreObject", "s3:AbortMultipartUpload",
      "s3:BypassGovernanceRetention", "s3:PutLifecycleConfiguration", "s3:PutBucketVersioning",
      "s3:PutReplicationConfiguration", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:DeleteBucket",
      "s3:PutBucketObjectLockConfiguration", "s3:PutIntelligentTieringConfiguration", "s3:PutEncryptionConfiguration");

  private static final Pattern FOR_EACH_VARIABLE = Pattern.compile("\\[\\s*(var\\.[a-z0-9_]+)\\s*]");
  private static final Pattern BUCKET_REFERENCE = Pattern.compile("r\\.(primary|replica)_bucket_arn");
  private static final Pattern PRIMARY_BUCKET = Pattern.compile("r\\.primary_bucket_arn(?!}/)");
  private static final Pattern REPLICA_BUCKET = Pattern.compile("r\\.replica_bucket_arn(?!}/)");

  private WorkerGrants() {}

  /**
   * One Allow statement of the worker policy.
   *
   * @param resources its resource expressions, locals expanded and statement.value replaced
   * @param dynamic whether it exists only with some variable set (its for_each)
   */
  record Allow(String sid, List<String> actions, List<String> resources, boolean dynamic) {
    boolean grants(String action) {
      return actions.stream().anyMatch(a -> PolicyCheck.matches(a, action));
    }

    boolean covers(Predicate<String> resource) {
      return resources.stream().anyMatch(resource);
    }
  }

  static List<Allow> allows(TerraformModule module) {
    ObjectNode worker = module.dataSources("aws_iam_policy_document").get("worker");
    List<Allow> allows = new ArrayList<>();
    for (JsonNode s : worker.path("statement")) {
      add(module, s, null, allows);
    }
    for (JsonNode dynamic : worker.path("dynamic").path("statement")) {
      Matcher variable = FOR_EACH_VARIABLE.matcher(dynamic.path("for_each").asText());
      String value = variable.find() ? variable.group(1) : "statement.value";
      for (JsonNode content : dynamic.path("content")) {
        add(module, content, value, allows);
      }
    }
    return allows;
  }

  private static void add(TerraformModule module, JsonNode s, String statementValue, List<Allow> allows) {
    if (s.hasNonNull("effect") && !s.get("effect").asText().equals("Allow")) {
      return;
    }
    List<String> actions = new ArrayList<>();
    s.path("actions").forEach(a -> actions.add(a.asText()));
    if (s.has("not_actions")) {
      actions.add("*"); // an Allow with not_actions allows nearly everything
    }
    List<String> resources = new ArrayList<>();
    JsonNode node = s.path("resources");
    for (JsonNode r : node.isArray() ? node : List.of(node)) {
      if (!r.isMissingNode()) {
        String expanded = module.expressions().expandLocals(r.asText());
        resources.add(statementValue == null ? expanded : expanded.replace("statement.value", statementValue));
      }
    }
    allows.add(new Allow(s.path("sid").asText("(no sid)"), actions, resources, statementValue != null));
  }

  /** The statements that grant the grant's action on its resource (for a repository resource, in both buckets). */
  static List<String> grantingStatements(List<Allow> allows, Grant grant) {
    List<Predicate<String>> targets = targets(grant.resource());
    List<String> sids = new ArrayList<>();
    for (Predicate<String> target : targets) {
      List<String> granting = allows.stream()
          .filter(a -> a.grants(grant.action()) && a.covers(target) && (!a.dynamic() || mayBeConditional(grant.resource())))
          .map(Allow::sid).toList();
      if (granting.isEmpty()) {
        return List.of();
      }
      sids.addAll(granting);
    }
    return List.copyOf(new LinkedHashSet<>(sids));
  }

  /** Grants of {@link WorkerRolePermissions#WORKER} the worker policy does not give on their resource. */
  static List<String> missingGrants(TerraformModule module) {
    List<Allow> allows = allows(module);
    List<String> missing = new ArrayList<>();
    for (Grant grant : WorkerRolePermissions.WORKER) {
      if (grantingStatements(allows, grant).isEmpty()) {
        missing.add(grant.action() + " on " + describe(grant.resource()) + " (" + grant.service() + " "
            + grant.operation() + ": " + grant.usedFor() + ") is not granted by data.aws_iam_policy_document.worker"
            + (mayBeConditional(grant.resource()) ? "" : " in a statement that always exists"));
      }
    }
    return missing;
  }

  /** Allow statements of the worker policy that write to or delete from a snapshot bucket or its keys. */
  static List<String> repositoryWrites(TerraformModule module) {
    List<String> violations = new ArrayList<>();
    for (Allow allow : allows(module)) {
      List<String> writes = WRITES.stream().filter(allow::grants).toList();
      if (writes.isEmpty()) {
        continue;
      }
      for (String resource : allow.resources()) {
        if (resource.trim().equals("*") || resource.contains("\"*\"") || BUCKET_REFERENCE.matcher(resource).find()) {
          violations.add("worker policy statement " + allow.sid() + " grants " + writes + " on '" + resource
              + "', which reaches the snapshot buckets: the worker writes only reports, and only the heal role"
              + " deletes (versions, under the repository prefixes)");
        }
      }
      if (allow.resources().isEmpty()) {
        violations.add("worker policy statement " + allow.sid() + " grants " + writes + " with resources it cannot read");
      }
    }
    return violations;
  }

  /**
   * Actions the worker policy allows that no call of the worker needs: least privilege, and a grant
   * the code stopped using does not stay behind. What the code calls is {@link WorkerRolePermissions#WORKER}
   * and {@code Ec2HostPermissions.WORKER}; {@code kms:Decrypt} is asked of KMS by S3 on the worker's
   * behalf (SSE-KMS blobs), so no SDK call of the worker shows it.
   */
  static List<String> grantsBeyondTheCode(TerraformModule module) {
    Set<String> needed = new LinkedHashSet<>(actions());
    io.snapdrill.activities.host.ec2.Ec2HostPermissions.WORKER.forEach(g -> needed.add(g.action()));
    needed.add("kms:Decrypt");
    List<String> violations = new ArrayList<>();
    for (Allow allow : allows(module)) {
      for (String action : allow.actions()) {
        if (needed.stream().noneMatch(action::equalsIgnoreCase)) {
          violations.add("worker policy statement " + allow.sid() + " grants " + action + ", which no call of the"
              + " worker needs (WorkerRolePermissions, Ec2HostPermissions)");
        }
      }
    }
    return violations;
  }

  /**
   * The reports bucket is where the worker writes: the worker policy must refuse to apply with a
   * snapshot bucket as reports_bucket_arn (a precondition of aws_iam_role_policy.worker), else a
   * reports_prefix at or above a repository prefix would let the worker overwrite repository blobs.
   */
  static List<String> reportsBucketGuardViolations(TerraformModule module) {
    ObjectNode policy = module.resources("aws_iam_role_policy").get("worker");
    for (JsonNode lifecycle : policy == null ? List.<JsonNode>of() : List.of(policy.path("lifecycle"))) {
      for (JsonNode block : lifecycle.isArray() ? lifecycle : List.of(lifecycle)) {
        for (JsonNode precondition : block.path("precondition")) {
          String condition = precondition.path("condition").asText().replace(" ", "");
          if (condition.contains("!contains(concat(local.primary_buckets,local.replica_buckets),var.reports_bucket_arn)")) {
            return List.of();
          }
        }
      }
    }
    return List.of(module.name() + ": aws_iam_role_policy.worker has no precondition refusing a snapshot bucket as"
        + " reports_bucket_arn (!contains(concat(local.primary_buckets, local.replica_buckets), var.reports_bucket_arn)):"
        + " the reports upload could then write repository keys");
  }

  /** Repository access is what every drill needs; the rest is switched on by the variable that configures it. */
  private static boolean mayBeConditional(Resource resource) {
    return resource != Resource.REPOSITORY_BUCKETS && resource != Resource.REPOSITORY_OBJECTS;
  }

  private static List<Predicate<String>> targets(Resource resource) {
    return switch (resource) {
      case REPOSITORY_BUCKETS -> List.of(r -> PRIMARY_BUCKET.matcher(r).find(), r -> REPLICA_BUCKET.matcher(r).find());
      case REPOSITORY_OBJECTS -> List.of(r -> r.contains("${r.primary_bucket_arn}/${r.prefix}/*"),
          r -> r.contains("${r.replica_bucket_arn}/${r.prefix}/*"));
      case REPORT_OBJECTS -> List.of(r -> r.contains("${var.reports_bucket_arn}/${var.reports_prefix}/*"));
      case REPORT_BUCKET -> List.of(r -> r.replace(" ", "").equals("${var.reports_bucket_arn}"));
      case EVENTS_QUEUE -> List.of(r -> r.contains("var.events_queue_arn"));
      case DEAD_LETTER_QUEUE -> List.of(r -> r.contains("var.dead_letter_queue_arn"));
      case HEAL_ROLE -> List.of(r -> r.contains("aws_iam_role.heal[0].arn"));
      case ANY -> List.of(r -> r.trim().equals("*"));
    };
  }

  static String describe(Resource resource) {
    return switch (resource) {
      case REPOSITORY_BUCKETS -> "both snapshot buckets";
      case REPOSITORY_OBJECTS -> "the repository keys of both buckets";
      case REPORT_OBJECTS -> "the reports bucket's reports prefix";
      case REPORT_BUCKET -> "the reports bucket";
      case EVENTS_QUEUE -> "the snapshot-events queue";
      case DEAD_LETTER_QUEUE -> "the dead-letter queue";
      case HEAL_ROLE -> "the heal role";
      case ANY -> "\"*\"";
    };
  }

  static Set<String> actions() {
    Set<String> actions = new LinkedHashSet<>();
    WorkerRolePermissions.WORKER.forEach(g -> actions.add(g.action()));
    return actions;
  }
}
