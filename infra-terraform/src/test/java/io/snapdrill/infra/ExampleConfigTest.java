package io.snapdrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.snapdrill.activities.config.SnapdrillConfig;
import io.snapdrill.model.HealPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The example's outputs fill snapdrill.yaml: their keys and names are the configuration's own fields. */
class ExampleConfigTest {
  private final TerraformModule example = TerraformTree.shared().module("examples/complete");

  @Test
  void theSnapdrillYamlFragmentUsesOnlyConfigurationFields() {
    JsonNode fragment = example.locals().get("snapdrill_config");

    assertThat(fragment).as("local.snapdrill_config").isNotNull();
    assertThat(ConfigFields.unknownPaths(SnapdrillConfig.class, fragment)).isEmpty();
    assertThat(example.outputs().get("snapdrill_yaml").path("value").asText())
        .isEqualTo("${yamlencode(local.snapdrill_config)}");
    // the fields Terraform knows are all there
    for (String path : List.of("clusters[].name", "clusters[].storage.primary.bucket", "clusters[].storage.primary.prefix",
        "clusters[].storage.primary.region", "clusters[].storage.replica.bucket", "clusters[].storage.replica.region",
        "restoreHost.region", "restoreHost.subnets", "restoreHost.securityGroups", "restoreHost.instanceProfile",
        "restoreHost.amiSsmParameter", "triggers.queueUrl", "triggers.region", "triggers.deadLetterQueueUrl",
        "drill.heal")) {
      assertThat(has(fragment, path)).as(path).isTrue();
    }
  }

  @Test
  void aMisspelledFieldIsReportedWithItsPath() {
    ObjectNode fragment = example.locals().get("snapdrill_config").deepCopy();
    ObjectNode restoreHost = (ObjectNode) fragment.get("restoreHost");
    restoreHost.set("instanceProfil", restoreHost.remove("instanceProfile"));
    ((ObjectNode) fragment.get("clusters").get(0).get("storage").get("primary")).put("bukket", "x");

    assertThat(ConfigFields.unknownPaths(SnapdrillConfig.class, fragment))
        .containsExactlyInAnyOrder("restoreHost.instanceProfil", "clusters[].storage.primary.bukket");
  }

  @Test
  void theHealPolicyTheExampleWritesExists() {
    String heal = example.locals().get("snapdrill_config").path("drill").path("heal").asText();
    Matcher quoted = Pattern.compile("\"([a-z]+)\"").matcher(heal);
    List<String> values = new ArrayList<>();
    while (quoted.find()) {
      values.add(quoted.group(1));
    }

    assertThat(values).containsExactly("ask", "never");
    List<String> policies = Stream.of(HealPolicy.values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toList();
    assertThat(policies).containsAll(values);
  }

  @Test
  void everyConfigOutputNamesAnExistingField() {
    List<String> checked = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> output : example.outputs().entrySet()) {
      String name = output.getKey();
      if (Stream.of("clusters_", "restore_host_", "triggers_", "drill_").noneMatch(name::startsWith)) {
        continue;
      }
      String path = output.getValue().path("description").asText().split("[ :]")[0];
      assertThat(ConfigFields.exists(SnapdrillConfig.class, path)).as(name + " describes " + path).isTrue();
      String expected = path.replace("[]", "").replaceAll("([a-z])([A-Z])", "$1_$2").replace('.', '_').toLowerCase(Locale.ROOT);
      assertThat(name).as("output named after " + path).isEqualTo(expected);
      checked.add(name);
    }
    assertThat(checked).hasSizeGreaterThanOrEqualTo(15);
    assertThat(ConfigFields.exists(SnapdrillConfig.class, "restoreHost.instanceProfil")).isFalse();
  }

  private static boolean has(JsonNode node, String path) {
    JsonNode current = node;
    for (String part : path.split("\\.")) {
      boolean list = part.endsWith("[]");
      current = current.path(list ? part.substring(0, part.length() - 2) : part);
      if (list) {
        current = current.path(0);
      }
      if (current.isMissingNode()) {
        return false;
      }
    }
    return true;
  }
}
