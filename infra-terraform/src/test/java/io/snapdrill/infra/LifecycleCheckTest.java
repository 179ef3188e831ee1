package io.snapdrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapdrill.activities.lifecycle.LifecycleAnalyzer;
import io.snapdrill.activities.lifecycle.LifecycleRules;
import io.snapdrill.model.LifecycleFinding;
import io.snapdrill.model.LifecycleVerdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle rules the modules create, converted to the JSON of {@code aws s3api
 * get-bucket-lifecycle-configuration}, go through the same analyzer as {@code snapdrill audit-lifecycle
 * --file F --prefix P} and a drill's AUDIT_STORAGE.
 */
class LifecycleCheckTest {
  private static final String TYPE = "aws_s3_bucket_lifecycle_configuration";

  private final TerraformModule buckets = TerraformTree.shared().module("modules/snapshot-buckets");
  private final TerraformModule example = TerraformTree.shared().module("examples/complete");

  /** The repository key prefixes the rules are judged against: the module's default and the example's. */
  private List<String> repositoryPrefixes() {
    return List.of(
        buckets.expressions().resolve(JsonNodeFactory.instance.textNode("${var.repository_prefix}/"), "repository_prefix"),
        example.expressions().resolve(JsonNodeFactory.instance.textNode("${var.repository_prefix}/"), "repository_prefix"));
  }

  /** @param keyPrefix the repository's key prefix, with its trailing slash */
  private static List<LifecycleFinding> audit(TerraformModule module, String name, ObjectNode resource, String keyPrefix) {
    ObjectNode json = LifecycleJson.convert(module, name, resource);
    return LifecycleAnalyzer.analyze(module.name() + "/" + TYPE + "." + name, keyPrefix,
        LifecycleRules.fromJson(json.toString()));
  }

  private static List<String> hazards(List<LifecycleFinding> findings) {
    return findings.stream().filter(f -> f.verdict() == LifecycleVerdict.HAZARD)
        .map(f -> f.ruleId() + ": " + f.reason()).toList();
  }

  @Test
  void everyLifecycleConfigurationOfTheModulesIsSafeForTheRepository() {
    List<String> audited = new ArrayList<>();
    for (String moduleName : TerraformTree.shared().moduleNames()) {
      TerraformModule module = TerraformTree.shared().module(moduleName);
      for (Map.Entry<String, ObjectNode> e : module.resources(TYPE).entrySet()) {
        for (String prefix : repositoryPrefixes()) {
          List<LifecycleFinding> findings = audit(module, e.getKey(), e.getValue(), prefix);
          assertThat(hazards(findings)).isEmpty();
          assertThat(findings).anySatisfy(f -> {
            assertThat(f.ruleId()).isEqualTo("housekeeping");
            assertThat(f.verdict()).isEqualTo(LifecycleVerdict.SAFE);
          });
          audited.add(moduleName + "/" + e.getKey() + " @ " + prefix);
        }
      }
    }
    // primary and replica, each against both prefixes: the check had rules to judge
    assertThat(audited).hasSize(4);
  }

  @Test
  void theConversionResolvesTheHousekeepingPrefixAndDays() {
    ObjectNode json = LifecycleJson.convert(buckets, "primary", buckets.resources(TYPE).get("primary"));

    JsonNode housekeeping = json.path("Rules").get(0);
    assertThat(housekeeping.path("ID").asText()).isEqualTo("housekeeping");
    assertThat(housekeeping.path("Filter").path("Prefix").asText()).isEqualTo("auto-purge/");
    assertThat(housekeeping.path("Expiration").path("Days").asInt()).isEqualTo(7);
    JsonNode abort = json.path("Rules").get(1);
    assertThat(abort.path("Filter").isObject()).isTrue();
    assertThat(abort.path("Filter").size()).isZero();
    assertThat(abort.path("AbortIncompleteMultipartUpload").path("DaysAfterInitiation").asInt()).isEqualTo(7);
  }

  @Test
  void aHousekeepingRuleWithoutItsFilterIsAHazard() {
    ObjectNode widened = buckets.resources(TYPE).get("primary").deepCopy();
    housekeepingRule(widened).remove("filter");

    List<String> hazards = hazards(audit(buckets, "primary", widened, "snapshots/"));

    assertThat(hazards).singleElement().asString().startsWith("housekeeping: ")
        .contains("expires current versions after 7 days");
  }

  @Test
  void aHousekeepingRuleWithAnEmptyPrefixIsAHazard() {
    ObjectNode widened = buckets.resources(TYPE).get("replica").deepCopy();
    ((ObjectNode) housekeepingRule(widened).withArray("filter").get(0)).put("prefix", "");

    List<String> hazards = hazards(audit(buckets, "replica", widened, "prod/logs/"));

    assertThat(hazards).singleElement().asString().startsWith("housekeeping: ");
  }

  @Test
  void aHousekeepingPrefixInsideTheRepositoryIsAHazard() {
    TerraformModule variant = buckets.copy();
    ((ObjectNode) variant.variables().get("housekeeping_prefix")).put("default", "snapshots/indices/");

    List<String> hazards = hazards(audit(variant, "primary", variant.resources(TYPE).get("primary"), "snapshots/"));

    assertThat(hazards).singleElement().asString().startsWith("housekeeping: ");
  }

  @Test
  void theReplicationRuleCoversExactlyTheRepositoryPrefix() {
    ObjectNode replication = buckets.resources("aws_s3_bucket_replication_configuration").get("repository");
    JsonNode rule = replication.path("rule").get(0);
    Expressions expr = buckets.expressions();

    assertThat(expr.resolve(rule.path("filter").get(0).get("prefix"), "filter.prefix")).isEqualTo("snapshots/");
    assertThat(expr.resolve(rule.path("status"), "status")).isEqualTo("Enabled");
    // SSE-KMS objects are replicated only when asked for, and re-encrypted with the replica's key
    assertThat(rule.path("source_selection_criteria").get(0).path("sse_kms_encrypted_objects").get(0)
        .path("status").asText()).isEqualTo("Enabled");
    assertThat(rule.path("destination").get(0).path("encryption_configuration").get(0)
        .path("replica_kms_key_id").asText()).isEqualTo("${aws_kms_key.replica.arn}");
    assertThat(rule.path("delete_marker_replication").get(0).path("status").asText())
        .isEqualTo("${var.delete_marker_replication ? \"Enabled\" : \"Disabled\"}");
    assertThat(expr.resolve(JsonNodeFactory.instance.textNode("${var.delete_marker_replication}"), "default"))
        .isEqualTo("false");
    assertThat(replication.path("depends_on").toString()).contains("aws_s3_bucket_versioning.primary");
  }

  private static ObjectNode housekeepingRule(ObjectNode resource) {
    for (JsonNode rule : (ArrayNode) resource.get("rule")) {
      if ("housekeeping".equals(rule.path("id").asText())) {
        return (ObjectNode) rule;
      }
    }
    throw new AssertionError("no housekeeping rule in " + resource);
  }
}
