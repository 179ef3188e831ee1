package io.snapdrill.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What `terraform validate` would catch first, offline: references to undeclared variables, locals
 * and module outputs, and module calls with unknown or missing arguments.
 */
class ReferencesTest {
  private static final Pattern VAR = Pattern.compile("(?<![A-Za-z0-9_.])var\\.([A-Za-z0-9_-]+)");
  private static final Pattern LOCAL = Pattern.compile("(?<![A-Za-z0-9_.])local\\.([A-Za-z0-9_-]+)");
  private static final Pattern MODULE_OUTPUT = Pattern.compile("(?<![A-Za-z0-9_.])module\\.([A-Za-z0-9_-]+)\\.([A-Za-z0-9_-]+)");
  private static final Set<String> META_ARGUMENTS = Set.of("source", "version", "providers", "count", "for_each", "depends_on");

  @Test
  void everyModuleReferencesOnlyWhatIsDeclared() {
    List<String> problems = new ArrayList<>();
    for (String name : TerraformTree.shared().moduleNames()) {
      problems.addAll(problems(TerraformTree.shared().module(name)));
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void anUndeclaredVariableOrModuleOutputIsReported() {
    TerraformModule variant = TerraformTree.shared().module("examples/complete").copy();
    ObjectNode restoreHost = variant.moduleCalls().get("restore_host");
    restoreHost.put("vpc_id", "${var.dr_vpc}");
    restoreHost.put("subnet_idz", "${var.restore_host_subnet_ids}");
    restoreHost.remove("instance_profile_name");
    variant.outputs().get("triggers_region").put("value", "${module.events.queue_region}");

    assertThat(problems(variant)).containsExactlyInAnyOrder(
        "examples/complete: var.dr_vpc is not declared",
        "examples/complete: module.events.queue_region: modules/snapshot-events has no output queue_region",
        "examples/complete: module \"restore_host\" passes subnet_idz, which modules/restore-host does not declare",
        "examples/complete: module \"restore_host\" does not pass instance_profile_name, which modules/restore-host requires");
  }

  @Test
  void aResourceWithoutProviderInAModuleOfAliasedProvidersIsReported() {
    TerraformModule variant = TerraformTree.shared().module("modules/snapshot-buckets").copy();
    variant.dataSources("aws_iam_policy_document").get("replication").remove("provider");

    assertThat(problems(variant)).containsExactly("modules/snapshot-buckets: data.aws_iam_policy_document.replication"
        + " sets no provider, but the module receives only aliased providers (configuration_aliases)");
  }

  private static List<String> problems(TerraformModule module) {
    List<String> problems = new ArrayList<>();
    // A module given only aliased providers has no default one: a block without `provider` would get
    // an empty provider configuration (no region) from the caller.
    if (module.root().path("terraform").toString().contains("configuration_aliases")) {
      for (String kind : List.of("resource", "data")) {
        module.root().path(kind).properties().forEach(type -> type.getValue().properties().forEach(block -> {
          if (!block.getValue().has("provider")) {
            problems.add(module.name() + ": " + (kind.equals("data") ? "data." : "") + type.getKey() + "."
                + block.getKey() + " sets no provider, but the module receives only aliased providers"
                + " (configuration_aliases)");
          }
        }));
      }
    }
    Map<String, ObjectNode> calls = module.moduleCalls();
    strings(module.root(), text -> {
      if (!text.contains("${")) {
        return; // a description or a literal
      }
      Matcher var = VAR.matcher(text);
      while (var.find()) {
        if (!module.variables().containsKey(var.group(1))) {
          problems.add(module.name() + ": var." + var.group(1) + " is not declared");
        }
      }
      Matcher local = LOCAL.matcher(text);
      while (local.find()) {
        if (!module.locals().has(local.group(1))) {
          problems.add(module.name() + ": local." + local.group(1) + " is not declared");
        }
      }
      Matcher output = MODULE_OUTPUT.matcher(text);
      while (output.find()) {
        ObjectNode call = calls.get(output.group(1));
        if (call == null) {
          problems.add(module.name() + ": module." + output.group(1) + " is not declared");
          continue;
        }
        TerraformModule target = called(module, call);
        if (!target.outputs().containsKey(output.group(2))) {
          problems.add(module.name() + ": module." + output.group(1) + "." + output.group(2) + ": " + target.name()
              + " has no output " + output.group(2));
        }
      }
    });
    for (Map.Entry<String, ObjectNode> call : calls.entrySet()) {
      TerraformModule target = called(module, call.getValue());
      call.getValue().fieldNames().forEachRemaining(argument -> {
        if (!META_ARGUMENTS.contains(argument) && !target.variables().containsKey(argument)) {
          problems.add(module.name() + ": module \"" + call.getKey() + "\" passes " + argument + ", which "
              + target.name() + " does not declare");
        }
      });
      target.variables().forEach((variable, block) -> {
        if (!block.has("default") && !call.getValue().has(variable)) {
          problems.add(module.name() + ": module \"" + call.getKey() + "\" does not pass " + variable + ", which "
              + target.name() + " requires");
        }
      });
    }
    return problems;
  }

  private static TerraformModule called(TerraformModule caller, ObjectNode call) {
    TerraformTree tree = TerraformTree.shared();
    Path dir = caller.dir().resolve(call.path("source").asText()).normalize();
    return tree.module(tree.root().relativize(dir).toString().replace('\\', '/'));
  }

  private static void strings(JsonNode node, Consumer<String> visitor) {
    if (node.isTextual()) {
      visitor.accept(node.asText());
    } else if (node.isContainerNode()) {
      Iterator<JsonNode> children = node.elements();
      children.forEachRemaining(child -> strings(child, visitor));
    }
  }
}
