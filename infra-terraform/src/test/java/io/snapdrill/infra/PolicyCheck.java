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
 *       {@code s3:*}, {@code s3:Delete*}, {@code *}) unless the statement is switched on by
 *       {@code var.enable_healing} (a {@code dynamic "statement"} whose for_each is conditional on it, or
 *       a policy created with {@code count}/{@code for_each} conditional on it), and even then only on
 *       keys under a repository prefix;</li>
 *   <li>no Allow statement anywhere grants {@code ec2:TerminateInstances} on {@code "*"} or without a
 *       condition on a Snapdrill resource tag.</li>
 * </ul>
 */
final class PolicyCheck {
  static final Set<String> DELETE_ACTIONS = Set.of("s3:DeleteObject", "s3:DeleteObjectVersion");
  static final String TERMINATE = "ec2:TerminateInstances";

  private static final Pattern HEALING_GUARD = Pattern.compile("^\\$\\{\\s*var\\.enable_healing\\s*\\?.*");
  private static final Pattern REF = Pattern.compile(
      "^\\$\\{\\s*(data\\.)?([a-z0-9_]+)\\.([A-Za-z0-9_-]+)(\\[[^]]*])?\\.([a-z_]+)\\s*}$");
  private static final Pattern WILDCARD_PATH = Pattern.compile("/\\*");
  private static final Pattern AFTER_PREFIX = Pattern.compile("(?s).*\\$\\{[^{}]*prefix[^{}]*}$");
  private static final Pattern SNAPDRILL_RESOURCE_TAG = Pattern.compile("^(aws|ec2):ResourceTag/snapdrill:.+");

  private PolicyCheck() {}

  /** Violations of the delete rule for policies attached to the given roles (Terraform names). */
  static List<String> deleteViolations(TerraformModule module, Set<String> restrictedRoles) {
    List<String> violations = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> e : module.resources("aws_iam_role_policy").entrySet()) {
      String where = module.name() + ": aws_iam_role_policy." + e.getKey();
      String role = referencedName(e.getValue().get("role"), "aws_iam_role");
      if (role == null || !restrictedRoles.contains(role)) {
        continue;
      }
      checkAttachedPolicy(module, where, role, e.getValue().get("policy"), healingGuarded(e.getValue()), violations);
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
      checkAttachedPolicy(module, where + " (aws_iam_policy." + policy + ")", role, managed.get("policy"), guarded, violations);
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
      boolean guarded, List<String> violations) {
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
