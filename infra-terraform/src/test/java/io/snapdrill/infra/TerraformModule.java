package io.snapdrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One Terraform module (a directory): its files' hcl2json output merged into one tree, {@code
 * {"resource": {type: {name: block}}, "data": ..., "variable": {name: block}, "locals": {name: expr},
 * "output": ..., "module": ...}}. Blocks are unwrapped from hcl2json's one-element arrays. Mutable on
 * purpose: the checks prove they can fail by feeding them a widened copy ({@link #copy()}).
 */
final class TerraformModule {
  private final Path dir;
  private final String name;
  private final ObjectNode root;

  private TerraformModule(Path dir, String name, ObjectNode root) {
    this.dir = dir;
    this.name = name;
    this.root = root;
  }

  static TerraformModule merge(Path dir, String name, List<HclParser.ParsedFile> files) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    for (HclParser.ParsedFile file : files) {
      if (!file.parsed()) {
        throw new IllegalStateException(file.file() + " does not parse: " + file.error());
      }
      for (Map.Entry<String, JsonNode> kind : file.json().properties()) {
        switch (kind.getKey()) {
          case "resource", "data" -> mergeTyped(root.withObjectProperty(kind.getKey()), kind.getValue(), file.file());
          case "locals" -> kind.getValue().forEach(block -> root.withObjectProperty("locals").setAll((ObjectNode) block));
          case "terraform", "provider" -> root.withArray(kind.getKey()).add(kind.getValue());
          default -> mergeNamed(root.withObjectProperty(kind.getKey()), kind.getValue(), file.file());
        }
      }
    }
    return new TerraformModule(dir, name, root);
  }

  private static void mergeTyped(ObjectNode target, JsonNode types, Path file) {
    types.properties().forEach(type -> mergeNamed(target.withObjectProperty(type.getKey()), type.getValue(), file));
  }

  private static void mergeNamed(ObjectNode target, JsonNode named, Path file) {
    named.properties().forEach(entry -> {
      if (target.has(entry.getKey())) {
        throw new IllegalStateException(file + ": '" + entry.getKey() + "' is declared twice in " + file.getParent());
      }
      JsonNode block = entry.getValue();
      target.set(entry.getKey(), block.isArray() && block.size() == 1 ? block.get(0) : block);
    });
  }

  Path dir() {
    return dir;
  }

  /** The module's path under infra-terraform/, e.g. "modules/iam". */
  String name() {
    return name;
  }

  ObjectNode root() {
    return root;
  }

  TerraformModule copy() {
    return new TerraformModule(dir, name, root.deepCopy());
  }

  /** Resource blocks of one type by name, in declaration order. */
  Map<String, ObjectNode> resources(String type) {
    return blocks(root.path("resource").path(type));
  }

  Map<String, ObjectNode> dataSources(String type) {
    return blocks(root.path("data").path(type));
  }

  Map<String, ObjectNode> variables() {
    return blocks(root.path("variable"));
  }

  Map<String, ObjectNode> outputs() {
    return blocks(root.path("output"));
  }

  Map<String, ObjectNode> moduleCalls() {
    return blocks(root.path("module"));
  }

  ObjectNode locals() {
    return root.has("locals") ? (ObjectNode) root.get("locals") : JsonNodeFactory.instance.objectNode();
  }

  private static Map<String, ObjectNode> blocks(JsonNode node) {
    Map<String, ObjectNode> blocks = new LinkedHashMap<>();
    node.properties().forEach(e -> blocks.put(e.getKey(), (ObjectNode) e.getValue()));
    return blocks;
  }

  Expressions expressions() {
    return new Expressions(this);
  }

  @Override
  public String toString() {
    return name;
  }
}
