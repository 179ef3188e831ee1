package io.snapdrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The IAM rules the modules must keep, judged on {@code data "aws_iam_policy_document"} blocks (the form
 * these checks can read; a role policy in any other form fails the check):
 *
 * <ul>
 *   <li>no Allow statement of a policy on the worker or restore host role grants an action that can
 *       delete an object ({@code s3:DeleteObject}, {@code s3:DeleteObjectVersion}, or a wildcard such as
 *       {@code s3:*}, {@code s3:Delete*}, {@code *}), healing or not: healing runs as the heal role;</li>
 *   <li>the heal role's policies grant a delete only when switched on by {@code var.enable_healing} (a
 *       {@code dynamic "statement"} whose for_each is conditional on it, or a policy created with
 *       {@code count}/{@code for_each} conditional on it), only {@code s3:DeleteObjectVersion} (removing
 *       a marker is deleting its version; a plain delete would lay a new marker), and only on keys under
 *       a repository prefix;</li>
 *   <li>each snapshot bucket's policy denies {@link #PROTECTED_ACTIONS} to every principal it does not
 *       name;</li>
 *   <li>no Allow statement anywhere grants {@code ec2:TerminateInstances} on {@code "*"} or without a
 *       condition on a Snapdrill resource tag.</li>
 * </ul>
 */
final class PolicyCheck {
  static final Set<String> DELETE_ACTIONS = Set.of("s3:DeleteObject", "s3:DeleteObjectVersion");
  /** The one delete healing makes. */
  static final String HEAL_ACTION = "s3:DeleteObjectVersion";
  /**
   * What may destroy or expose a repository in both regions at once: deleting versions, and changing the
   * bucket settings that keep them (lifecycle, versioning, replication). Each snapshot bucket's policy
   * denies these to every principal it does not name, whatever that principal's IAM policies allow.
   */
  static final List<String> PROTECTED_ACTIONS = List.of("s3:DeleteObjectVersion", "s3:PutLifecycleConfiguration",
      "s3:PutBucketVersioning", "s3:PutReplicationConfiguration");
  /** Of {@link #PROTECTED_ACTIONS}, those on objects ({@code <bucket>/*}); the others are on the bucket. */
  private static final Set<String> OBJECT_ACTIONS = Set.of("s3:DeleteObjectVersion");
  static final String TERMINATE = "ec2:TerminateInstances";

  private static final Pattern HEALING_GUARD = Pattern.compile("^\\$\\{\\s*var\\.enable_healing\\s*\\?.*");
  private static final Pattern REF = Pattern.compile(
      "^\\$\\{\\s*(data\\.)?([a-z0-9_]+)\\.([A-Za-z0-9_-]+)(\\[[^]]*])?\\.([a-z_]+)\\s*}$");
  private static final Pattern WILDCARD_PATH = Pattern.compile("/\\*");
  private static final Pattern AFTER_PREFIX = Pattern.compile("(?s).*\\$\\{[^{}]*prefix[^{}]*}$");
  private static final Pattern SNAPDRILL_RESOURCE_TAG = Pattern.compile("^(aws|ec2):ResourceTag/snapdrill:.+");

  private PolicyCheck() {}

  /**
   * Violations of the delete rules for policies attached to the given roles (Terraform names).
   *
   * @param neverDelete roles that may not delete anything, healing or not
   * @param healRoles roles that may delete versions under the repository prefixes with enable_healing
   */
  static List<String> deleteViolations(TerraformModule module, Set<String> neverDelete, Set<String> healRoles) {
    Set<String> restrictedRoles = new java.util.HashSet<>(neverDelete);
    restrictedRoles.addAll(healRoles);
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> e : module.resources("aws_iam_role_policy").entrySet()) {
      String where = module.name() + ": aws_iam_role_policy." + e.getKey();
      String role = referencedName(e.getValue().get("role"), "aws_iam_role");
      if (role == null || !restrictedRoles.contains(role)) {
        continue;
      }
      checkAttachedPolicy(module, where, role, e.getValue().get("policy"), healingGuarded(e.getValue()),
          neverDelete.contains(role), violations);
    }
    for (Map.Entry<String, ObjectNode> e : module.resources("aws_iam_role_policy_attachment").entrySet()) {
      String where = module.name() + ": aws_iam_role_policy_attachment." + e.getKey();
      String role = referencedName(e.getValue().get("role"), "aws_iam_role");
      if (role == null || !restrictedRoles.contains(role)) {
        continue;
      }
      String policy = referencedName(e.getValue().get("policy_arn"), "aws_iam_policy");
      ObjectNode managed = policy == null ? null : module.resources("aws_iam_policy").get(policy);
      if (managed == null) {
        violations.add(where + ": attaches " + e.getValue().path("policy_arn").asText()
            + " to role " + role + "; only policies of this module can be checked");
        continue;
      }
      boolean guarded = healingGuarded(e.getValue()) || healingGuarded(managed);
      checkAttachedPolicy(module, where + " (aws_iam_policy." + policy + ")", role, managed.get("policy"), guarded,
          neverDelete.contains(role), violations);
    }
    for (Map.Entry<String, ObjectNode> e : module.resources("aws_iam_role").entrySet()) {
      if (restrictedRoles.contains(e.getKey()) && e.getValue().has("inline_policy")) {
        violations.add(module.name() + ": aws_iam_role." + e.getKey()
            + " has an inline_policy block; use an aws_iam_role_policy with an aws_iam_policy_document");
      }
      if (restrictedRoles.contains(e.getKey()) && e.getValue().has("managed_policy_arns")) {
        violations.add(module.name() + ": aws_iam_role." + e.getKey() + " has managed_policy_arns, which cannot be checked");
      }
    }
    return violations;
  }

  private static void checkAttachedPolicy(TerraformModule module, String where, String role, JsonNode policy,
      boolean guarded, boolean neverDelete, List<String> violations) {
    String document = referencedName(policy, "aws_iam_policy_document");
    ObjectNode doc = document == null ? null : module.dataSources("aws_iam_policy_document").get(document);
    if (doc == null) {
      violations.add(where + ": the policy of role " + role + " is " + (policy == null ? "missing" : policy.asText())
          + ", not data.aws_iam_policy_document.<name>.json; write it as a policy document so it can be checked");
      return;
    }
    boolean docGuarded = guarded || healingGuarded(doc);
    String docName = "data.aws_iam_policy_document." + document;
    for (Statement s : statements(doc, docGuarded)) {
      if (!s.allows()) {
        continue;
      }
      String label = where + " → " + docName + " statement " + s.label();
      if (s.block().has("not_actions")) {
        violations.add(label + ": an Allow with not_actions grants every other action, deletes included, to role " + role);
        continue;
      }
      List<String> deletes = s.actions().stream().filter(PolicyCheck::canDeleteObjects).toList();
      if (deletes.isEmpty()) {
        continue;
      }
      if (neverDelete) {
        violations.add(label + ": grants " + deletes + " to role " + role + ", which must never delete (healing"
            + " runs as the heal role, which the worker assumes)");
        continue;
      }
      List<String> beyondHealing = deletes.stream().filter(d -> !d.equalsIgnoreCase(HEAL_ACTION)).toList();
      if (!beyondHealing.isEmpty()) {
        violations.add(label + ": grants " + beyondHealing + " to role " + role + "; healing needs only "
            + HEAL_ACTION + " (a plain delete would lay another marker)");
        continue;
      }
      if (!s.healingGuarded()) {
        violations.add(label + ": grants " + deletes + " to role " + role
            + " outside the enable_healing condition (put it in a dynamic \"statement\" with"
            + " for_each = var.enable_healing ? [1] : [])");
        continue;
      }
      for (JsonNode resource : s.resources()) {
        String expanded = module.expressions().expandLocals(resource.asText());
        if (!limitedToRepositoryPrefixes(expanded)) {
          violations.add(label + ": healing grants " + deletes + " on '" + resource.asText()
              + "', which is not limited to keys under a repository prefix ('<bucket>/<prefix>/*')");
        }
      }
      if (s.resources().isEmpty()) {
        violations.add(label + ": healing grants " + deletes + " with resources it cannot read");
      }
    }
  }

  /**
   * Every object pattern in the (locals-expanded) resource expression is "<...>/${<...prefix...>}/*",
   * and nothing else ("*", a bucket-wide "arn/*", an exact key) is in it.
   */
  static boolean limitedToRepositoryPrefixes(String expanded) {
    if (expanded.trim().equals("*") || expanded.contains("\"*\"")) {
      return false;
    }
    Matcher wildcard = WILDCARD_PATH.matcher(expanded);
    int patterns = 0;
    while (wildcard.find()) {
      patterns++;
      if (!AFTER_PREFIX.matcher(expanded.substring(0, wildcard.start())).matches()) {
        return false;
      }
    }
    return patterns > 0;
  }

  /** Violations of the terminate rule in every policy document of the module. */
  static List<String> terminateViolations(TerraformModule module) {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> doc : module.dataSources("aws_iam_policy_document").entrySet()) {
      for (Statement s : statements(doc.getValue(), false)) {
        if (!s.allows() || s.actions().stream().noneMatch(a -> matches(a, TERMINATE))) {
          continue;
        }
        String label = module.name() + ": data.aws_iam_policy_document." + doc.getKey() + " statement " + s.label();
        if (s.resources().isEmpty()) {
          violations.add(label + ": grants ec2:TerminateInstances with resources it cannot read");
        }
        for (JsonNode r : s.resources()) {
          if (r.asText().trim().equals("*")) {
            violations.add(label + ": grants ec2:TerminateInstances on \"*\"; use the instance ARN pattern with a snapdrill tag condition");
          }
        }
        boolean tagged = false;
        for (JsonNode condition : s.block().path("condition")) {
          tagged |= SNAPDRILL_RESOURCE_TAG.matcher(condition.path("variable").asText()).matches();
        }
        if (!tagged) {
          violations.add(label + ": grants ec2:TerminateInstances without a condition on aws:ResourceTag/snapdrill:*"
              + " (it could terminate any instance in the account)");
        }
      }
    }
    return violations;
  }

  /** How many Allow statements grant ec2:TerminateInstances: the check above has something to judge. */
  static long terminateStatements(TerraformModule module) {
    return module.dataSources("aws_iam_policy_document").values().stream()
        .flatMap(doc -> statements(doc, false).stream())
        .filter(s -> s.allows() && s.actions().stream().anyMatch(a -> matches(a, TERMINATE)))
        .count();
  }

  /**
   * Violations of the bucket rule for {@code aws_s3_bucket_policy.<bucket>}: for each of
   * {@link #PROTECTED_ACTIONS}, a Deny to Principal "*" on the bucket's own ARN (objects for
   * {@code s3:DeleteObjectVersion}) whose only conditions exempt named principals
   * ({@code ArnNotLike aws:PrincipalArn}); with no condition at all it denies everyone, which is also safe.
   */
  static List<String> bucketProtectionViolations(TerraformModule module, String bucket) {
    String where = module.name() + ": aws_s3_bucket_policy." + bucket;
    ObjectNode policy = module.resources("aws_s3_bucket_policy").get(bucket);
    if (policy == null) {
      return List.of(where + " is missing: the bucket has no policy to deny deletes of versions");
    }
    String document = referencedName(policy.get("policy"), "aws_iam_policy_document");
    ObjectNode doc = document == null ? null : module.dataSources("aws_iam_policy_document").get(document);
    if (doc == null) {
      return List.of(where + ": the policy is not data.aws_iam_policy_document.<name>.json and cannot be checked");
    }
    List<String> violations = new ArrayList<>();
    for (String action : PROTECTED_ACTIONS) {
      String resource = "${aws_s3_bucket." + bucket + ".arn}" + (OBJECT_ACTIONS.contains(action) ? "/*" : "");
      boolean denied = statements(doc, false).stream().anyMatch(s -> "Deny".equals(s.effect())
          && s.actions().stream().anyMatch(a -> matches(a, action))
          && s.resources().stream().anyMatch(r -> r.asText().equals(resource))
          && deniesEveryone(s.block())
          && exemptsOnlyNamedPrincipals(s.block()));
      if (!denied) {
        violations.add(where + " (data.aws_iam_policy_document." + document + ") does not deny " + action + " on "
            + resource + " to every principal but the named ones (a Deny to Principal \"*\" whose only condition"
            + " is ArnNotLike aws:PrincipalArn)");
      }
    }
    return violations;
  }

  /** The ArnNotLike aws:PrincipalArn values of the statement denying {@code action} in the bucket's policy. */
  static List<String> exemptPrincipals(TerraformModule module, String bucket, String action) {
    ObjectNode policy = module.resources("aws_s3_bucket_policy").get(bucket);
    ObjectNode doc = module.dataSources("aws_iam_policy_document")
        .get(referencedName(policy.get("policy"), "aws_iam_policy_document"));
    List<String> values = new ArrayList<>();
    for (Statement s : statements(doc, false)) {
      if ("Deny".equals(s.effect()) && s.actions().stream().anyMatch(a -> matches(a, action))) {
        conditions(s.block()).forEach(c -> values.addAll(texts(c.get("values"))));
      }
    }
    return values;
  }

  private static boolean deniesEveryone(JsonNode statement) {
    for (JsonNode p : statement.path("principals")) {
      if (p.path("type").asText().equals("*") && texts(p.get("identifiers")).equals(List.of("*"))) {
        return true;
      }
    }
    return false;
  }

  private static boolean exemptsOnlyNamedPrincipals(JsonNode statement) {
    return conditions(statement).stream().allMatch(c -> c.path("test").asText().equals("ArnNotLike")
        && c.path("variable").asText().equals("aws:PrincipalArn"));
  }

  /** A statement's conditions, static and dynamic (a dynamic one's content). */
  static List<JsonNode> conditions(JsonNode statement) {
    List<JsonNode> conditions = new ArrayList<>();
    statement.path("condition").forEach(conditions::add);
    for (JsonNode dynamic : statement.path("dynamic").path("condition")) {
      dynamic.path("content").forEach(conditions::add);
    }
    return conditions;
  }

  /**
   * Violations of the Object Lock rule: {@code var.object_lock_governance_days} is off by default, and
   * when set, both buckets get a default retention in GOVERNANCE mode (COMPLIANCE cannot be undone, not
   * even by the root user, for as long as the retention lasts).
   */
  static List<String> objectLockViolations(TerraformModule module) {
    List<String> violations = new ArrayList<>();
    ObjectNode variable = module.variables().get("object_lock_governance_days");
    if (variable == null) {
      return List.of(module.name() + ": no variable object_lock_governance_days");
    }
    if (variable.hasNonNull("default")) {
      violations.add(module.name() + ": var.object_lock_governance_days must default to null (Object Lock off): once"
          + " on, a bucket's Object Lock cannot be turned off");
    }
    for (String bucket : List.of("primary", "replica")) {
      String where = module.name() + ": aws_s3_bucket_object_lock_configuration." + bucket;
      ObjectNode lock = module.resources("aws_s3_bucket_object_lock_configuration").get(bucket);
      if (lock == null) {
        violations.add(where + " is missing");
        continue;
      }
      if (!lock.path("count").asText().contains("var.object_lock_governance_days")) {
        violations.add(where + ": exists whatever var.object_lock_governance_days says (count must depend on it)");
      }
      if (!lock.path("bucket").asText().equals("${aws_s3_bucket." + bucket + ".id}")) {
        violations.add(where + ": not on aws_s3_bucket." + bucket);
      }
      JsonNode retention = lock.path("rule").path(0).path("default_retention").path(0);
      if (!retention.path("mode").asText().equals("GOVERNANCE")) {
        violations.add(where + ": default retention mode is '" + retention.path("mode").asText() + "', not GOVERNANCE");
      }
      if (!retention.path("days").asText().equals("${var.object_lock_governance_days}")) {
        violations.add(where + ": default retention days are not var.object_lock_governance_days");
      }
    }
    return violations;
  }

  /**
   * Violations of the heal-role rules in the iam module: the role exists only with enable_healing, only
   * the worker role may assume it, the worker may assume no other role (and this one only with
   * enable_healing), and the role's policy grants every action {@code required} lists, on the
   * repository's keys and prefixes, and nothing else.
   */
  static List<String> healRoleViolations(TerraformModule module, List<String> required) {
    List<String> violations = new ArrayList<>();
    String where = module.name() + ": ";
    ObjectNode role = module.resources("aws_iam_role").get("heal");
    if (role == null) {
      return List.of(where + "no aws_iam_role.heal");
    }
    if (!healingGuarded(role)) {
      violations.add(where + "aws_iam_role.heal exists without enable_healing (count = var.enable_healing ? 1 : 0)");
    }
    ObjectNode assume = module.dataSources("aws_iam_policy_document")
        .get(referencedName(role.get("assume_role_policy"), "aws_iam_policy_document"));
    List<Statement> trust = assume == null ? List.of() : statements(assume, false);
    boolean workerOnly = trust.size() == 1 && trust.get(0).allows()
        && trust.get(0).actions().equals(List.of("sts:AssumeRole"))
        && trust.get(0).block().path("principals").size() == 1
        && trust.get(0).block().path("principals").path(0).path("type").asText().equals("AWS")
        && texts(trust.get(0).block().path("principals").path(0).get("identifiers"))
            .equals(List.of("${aws_iam_role.worker.arn}"));
    if (!workerOnly) {
      violations.add(where + "aws_iam_role.heal may be assumed by others than the worker role"
          + " (its trust policy must be one sts:AssumeRole statement naming aws_iam_role.worker.arn)");
    }
    ObjectNode worker = module.dataSources("aws_iam_policy_document").get("worker");
    List<Statement> assumes = statements(worker, false).stream()
        .filter(s -> s.allows() && s.actions().stream().anyMatch(a -> matches(a, "sts:AssumeRole"))).toList();
    if (assumes.size() != 1 || !assumes.get(0).healingGuarded()
        || !assumes.get(0).resources().stream().map(JsonNode::asText).toList().equals(List.of("${aws_iam_role.heal[0].arn}"))) {
      violations.add(where + "the worker policy must grant sts:AssumeRole on aws_iam_role.heal[0].arn only, in one"
          + " statement that exists only with enable_healing; found " + assumes.stream().map(Statement::label).toList());
    }
    ObjectNode policy = module.resources("aws_iam_role_policy").get("heal");
    ObjectNode doc = policy == null ? null : module.dataSources("aws_iam_policy_document")
        .get(referencedName(policy.get("policy"), "aws_iam_policy_document"));
    if (doc == null) {
      violations.add(where + "no aws_iam_role_policy.heal with a policy document");
      return violations;
    }
    List<Statement> grants = statements(doc, false).stream().filter(Statement::allows).toList();
    for (String action : required) {
      List<Statement> granting = grants.stream()
          .filter(s -> !s.resources().isEmpty() && s.actions().stream().anyMatch(a -> matches(a, action))).toList();
      if (granting.isEmpty()) {
        violations.add(where + "the heal role does not grant " + action + ", which healing calls");
      }
      for (Statement s : granting) {
        String reach = reach(module, s, action);
        if (reach != null) {
          violations.add(where + "the heal role grants " + action + " in " + s.label() + " " + reach);
        }
      }
    }
    for (Statement s : grants) {
      for (String action : s.actions()) {
        if (required.stream().noneMatch(action::equalsIgnoreCase)) {
          violations.add(where + "the heal role grants " + action + " in " + s.label() + ", which healing never calls");
        }
      }
    }
    return violations;
  }

  /** Why a heal role grant reaches beyond the repository, or null: deletes and listings stay under the prefixes. */
  private static String reach(TerraformModule module, Statement s, String action) {
    for (JsonNode r : s.resources()) {
      if (r.asText().trim().equals("*")) {
        return "on \"*\"";
      }
      if (matches(action, HEAL_ACTION) && !limitedToRepositoryPrefixes(module.expressions().expandLocals(r.asText()))) {
        return "on '" + r.asText() + "', not limited to keys under a repository prefix";
      }
    }
    if (matches(action, "s3:ListBucketVersions")
        && conditions(s.block()).stream().noneMatch(c -> c.path("variable").asText().equals("s3:prefix"))) {
      return "without an s3:prefix condition: it would list the whole bucket";
    }
    return null;
  }

  /**
   * @param block the statement (or a dynamic statement's content)
   * @param healingGuarded whether it exists only when enable_healing is true
   */
  record Statement(JsonNode block, boolean healingGuarded, String label, String effect) {
    boolean allows() {
      return effect == null || effect.equals("Allow");
    }

    List<String> actions() {
      return texts(block.get("actions"));
    }

    List<JsonNode> resources() {
      List<JsonNode> resources = new ArrayList<>();
      JsonNode node = block.get("resources");
      if (node != null) {
        if (node.isArray()) {
          node.forEach(resources::add);
        } else {
          resources.add(node);
        }
      }
      return resources;
    }
  }

  static List<Statement> statements(JsonNode document, boolean documentGuarded) {
    List<Statement> statements = new ArrayList<>();
    int i = 0;
    for (JsonNode s : document.path("statement")) {
      statements.add(new Statement(s, documentGuarded, label(s, "statement[" + i++ + "]"), effect(s)));
    }
    i = 0;
    for (JsonNode dynamic : document.path("dynamic").path("statement")) {
      boolean guarded = documentGuarded || HEALING_GUARD.matcher(dynamic.path("for_each").asText()).matches();
      for (JsonNode content : dynamic.path("content")) {
        statements.add(new Statement(content, guarded, label(content, "dynamic statement[" + i + "]"), effect(content)));
      }
      i++;
    }
    return statements;
  }

  private static String label(JsonNode statement, String position) {
    return statement.hasNonNull("sid") ? "'" + statement.get("sid").asText() + "'" : position;
  }

  private static String effect(JsonNode statement) {
    return statement.hasNonNull("effect") ? statement.get("effect").asText() : null;
  }

  static boolean healingGuarded(JsonNode block) {
    for (String meta : List.of("count", "for_each")) {
      if (block.hasNonNull(meta) && HEALING_GUARD.matcher(block.get(meta).asText()).matches()) {
        return true;
      }
    }
    return false;
  }

  /** Actions as written; an expression that is not a list literal is kept whole (and then matches nothing known). */
  private static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    if (node == null) {
      return texts;
    }
    if (node.isArray()) {
      node.forEach(n -> texts.add(n.asText()));
    } else {
      texts.add(node.asText());
    }
    return texts;
  }

  static boolean canDeleteObjects(String action) {
    return action.startsWith("${") || DELETE_ACTIONS.stream().anyMatch(d -> matches(action, d));
  }

  /** IAM action matching: case-insensitive, '*' and '?' wildcards in the granted pattern. */
  static boolean matches(String pattern, String action) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.trim().toLowerCase(Locale.ROOT).toCharArray()) {
      regex.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
    }
    return action.toLowerCase(Locale.ROOT).matches(regex.toString());
  }

  /** "aws_iam_role.worker.id" (or ".name", "[0]", "[each.key]") → "worker", for the given type. */
  static String referencedName(JsonNode value, String type) {
    if (value == null || !value.isTextual()) {
      return null;
    }
    Matcher m = REF.matcher(value.asText().trim());
    return m.matches() && m.group(2).equals(type) ? m.group(3) : null;
  }
}
