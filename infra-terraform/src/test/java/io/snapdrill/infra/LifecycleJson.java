package io.snapdrill.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Converts an {@code aws_s3_bucket_lifecycle_configuration} block (provider v5 schema, as hcl2json
 * prints it) into the JSON that {@code aws s3api get-bucket-lifecycle-configuration} prints, with the
 * module's variable defaults filled in: the input of {@code snapdrill audit-lifecycle}.
 */
final class LifecycleJson {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private LifecycleJson() {}

  static ObjectNode convert(TerraformModule module, String resourceName, ObjectNode resource) {
    Expressions expr = module.expressions();
    String where = module.name() + ": aws_s3_bucket_lifecycle_configuration." + resourceName;
    if (resource.path("dynamic").has("rule")) {
      throw new Expressions.Unresolvable(where + ": dynamic \"rule\" blocks cannot be audited offline; write the rules out");
    }
    ArrayNode rules = JSON.arrayNode();
    int index = 0;
    for (JsonNode rule : resource.path("rule")) {
      String at = where + ".rule[" + index++ + "]";
      ObjectNode out = rules.addObject();
      putText(out, "ID", expr.resolve(rule.get("id"), at + ".id"));
      putText(out, "Status", expr.resolve(rule.get("status"), at + ".status"));
      if (rule.has("prefix")) {
        // the deprecated rule-level prefix
        out.put("Prefix", expr.resolve(rule.get("prefix"), at + ".prefix"));
      } else {
        out.set("Filter", filter(expr, first(rule, "filter"), at + ".filter"));
      }
      JsonNode expiration = first(rule, "expiration");
      if (expiration != null) {
        ObjectNode e = out.putObject("Expiration");
        putInt(e, "Days", expr.resolveInt(expiration.get("days"), at + ".expiration.days"));
        putText(e, "Date", expr.resolve(expiration.get("date"), at + ".expiration.date"));
        String marker = expr.resolve(expiration.get("expired_object_delete_marker"), at + ".expiration.expired_object_delete_marker");
        if (marker != null) {
          e.put("ExpiredObjectDeleteMarker", Boolean.parseBoolean(marker));
        }
      }
      ArrayNode transitions = JSON.arrayNode();
      for (JsonNode t : rule.path("transition")) {
        ObjectNode o = transitions.addObject();
        putInt(o, "Days", expr.resolveInt(t.get("days"), at + ".transition.days"));
        putText(o, "Date", expr.resolve(t.get("date"), at + ".transition.date"));
        putText(o, "StorageClass", expr.resolve(t.get("storage_class"), at + ".transition.storage_class"));
      }
      if (!transitions.isEmpty()) {
        out.set("Transitions", transitions);
      }
      JsonNode noncurrent = first(rule, "noncurrent_version_expiration");
      if (noncurrent != null) {
        ObjectNode n = out.putObject("NoncurrentVersionExpiration");
        putInt(n, "NoncurrentDays", expr.resolveInt(noncurrent.get("noncurrent_days"), at + ".noncurrent_version_expiration.noncurrent_days"));
        putInt(n, "NewerNoncurrentVersions", expr.resolveInt(noncurrent.get("newer_noncurrent_versions"),
            at + ".noncurrent_version_expiration.newer_noncurrent_versions"));
      }
      ArrayNode noncurrentTransitions = JSON.arrayNode();
      for (JsonNode t : rule.path("noncurrent_version_transition")) {
        ObjectNode o = noncurrentTransitions.addObject();
        putInt(o, "NoncurrentDays", expr.resolveInt(t.get("noncurrent_days"), at + ".noncurrent_version_transition.noncurrent_days"));
        putText(o, "StorageClass", expr.resolve(t.get("storage_class"), at + ".noncurrent_version_transition.storage_class"));
      }
      if (!noncurrentTransitions.isEmpty()) {
        out.set("NoncurrentVersionTransitions", noncurrentTransitions);
      }
      JsonNode abort = first(rule, "abort_incomplete_multipart_upload");
      if (abort != null) {
        putInt(out.putObject("AbortIncompleteMultipartUpload"), "DaysAfterInitiation",
            expr.resolveInt(abort.get("days_after_initiation"), at + ".abort_incomplete_multipart_upload.days_after_initiation"));
      }
    }
    ObjectNode configuration = JSON.objectNode();
    configuration.set("Rules", rules);
    return configuration;
  }

  /** No filter block, or an empty one, applies the rule to every key: S3 prints that as {"Filter": {}}. */
  private static ObjectNode filter(Expressions expr, JsonNode filter, String at) {
    ObjectNode out = JSON.objectNode();
    if (filter == null) {
      return out;
    }
    JsonNode and = first(filter, "and");
    if (and != null) {
      ObjectNode a = out.putObject("And");
      putText(a, "Prefix", expr.resolve(and.get("prefix"), at + ".and.prefix"));
      if (and.has("tags")) {
        ArrayNode tags = a.putArray("Tags");
        and.get("tags").properties().forEach(t ->
            tags.addObject().put("Key", t.getKey()).put("Value", expr.resolve(t.getValue(), at + ".and.tags")));
      }
      putLong(a, "ObjectSizeGreaterThan", expr.resolveInt(and.get("object_size_greater_than"), at + ".and.object_size_greater_than"));
      putLong(a, "ObjectSizeLessThan", expr.resolveInt(and.get("object_size_less_than"), at + ".and.object_size_less_than"));
      return out;
    }
    JsonNode tag = first(filter, "tag");
    if (tag != null) {
      out.putObject("Tag")
          .put("Key", expr.resolve(tag.get("key"), at + ".tag.key"))
          .put("Value", expr.resolve(tag.get("value"), at + ".tag.value"));
    }
    putText(out, "Prefix", expr.resolve(filter.get("prefix"), at + ".prefix"));
    putLong(out, "ObjectSizeGreaterThan", expr.resolveInt(filter.get("object_size_greater_than"), at + ".object_size_greater_than"));
    putLong(out, "ObjectSizeLessThan", expr.resolveInt(filter.get("object_size_less_than"), at + ".object_size_less_than"));
    return out;
  }

  /** hcl2json writes every nested block as an array of its occurrences. */
  private static JsonNode first(JsonNode parent, String block) {
    JsonNode node = parent.get(block);
    if (node == null || node.isNull()) {
      return null;
    }
    return node.isArray() ? (node.isEmpty() ? null : node.get(0)) : node;
  }

  private static void putText(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void putInt(ObjectNode node, String field, Integer value) {
    if (value != null) {
      node.put(field, value);
    }
  }

  private static void putLong(ObjectNode node, String field, Integer value) {
    if (value != null) {
      node.put(field, value.longValue());
    }
  }
}
