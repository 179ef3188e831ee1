package io.snapdrill.worker.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the message shapes S3 object-created events arrive in on an SQS queue:
 * <ul>
 *   <li>S3 event notifications ({@code Records[].s3.bucket.name}, {@code Records[].s3.object.key}
 *       URL-encoded with '+' for spaces, {@code eventName} {@code ObjectCreated:*}),</li>
 *   <li>the {@code s3:TestEvent} S3 sends when the notification is set up,</li>
 *   <li>the same notification wrapped by SNS ({@code Type: Notification}, JSON in {@code Message}),</li>
 *   <li>EventBridge "Object Created" events ({@code detail.bucket.name}, {@code detail.object.key}, not encoded).</li>
 * </ul>
 */
public final class S3EventParser {
  private static final ObjectMapper JSON = new ObjectMapper();

  private S3EventParser() {}

  public static ParsedMessage parse(String body) throws MalformedEventException {
    if (body == null || body.isBlank()) {
      throw new MalformedEventException("empty message body");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedEventException("not JSON: " + e.getOriginalMessage()
          + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
    }
    if (root == null || !root.isObject()) {
      throw new MalformedEventException("not a JSON object");
    }
    if ("Notification".equals(root.path("Type").asText()) && root.path("Message").isTextual()) {
      return parse(root.get("Message").asText());
    }
    if ("s3:TestEvent".equals(root.path("Event").asText())) {
      return new ParsedMessage(true, List.of(), List.of(), List.of());
    }
    if (root.has("Records")) {
      return notification(root.get("Records"));
    }
    if (root.has("detail-type") || "aws.s3".equals(root.path("source").asText())) {
      return eventBridge(root);
    }
    throw new MalformedEventException("neither an S3 event notification (Records), an s3:TestEvent,"
        + " an SNS notification nor an EventBridge event (detail-type)");
  }

  private static ParsedMessage notification(JsonNode records) throws MalformedEventException {
    if (!records.isArray()) {
      throw new MalformedEventException("Records: not an array");
    }
    List<ObjectCreated> created = new ArrayList<>();
    List<ObjectRemoved> removed = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (int i = 0; i < records.size(); i++) {
      JsonNode record = records.get(i);
      String at = "Records[" + i + "]";
      String eventName = text(record, "eventName", at);
      boolean isCreated = eventName.startsWith("ObjectCreated:");
      boolean isRemoved = eventName.startsWith("ObjectRemoved:") || eventName.startsWith("LifecycleExpiration:");
      if (!isCreated && !isRemoved) {
        other.add(eventName);
        continue;
      }
      String bucket = text(record.path("s3").path("bucket"), "name", at + ".s3.bucket");
      String rawKey = text(record.path("s3").path("object"), "key", at + ".s3.object");
      String key = decodeKey(rawKey, at + ".s3.object.key");
      if (isCreated) {
        created.add(new ObjectCreated(bucket, key, eventName));
      } else {
        removed.add(new ObjectRemoved(bucket, key, eventName));
      }
    }
    return new ParsedMessage(false, created, other, removed);
  }

  private static ParsedMessage eventBridge(JsonNode root) throws MalformedEventException {
    String type = text(root, "detail-type", "");
    if (!"Object Created".equals(type) && !"Object Deleted".equals(type)) {
      return new ParsedMessage(false, List.of(), List.of(type), List.of());
    }
    JsonNode detail = root.path("detail");
    String bucket = text(detail.path("bucket"), "name", "detail.bucket");
    // EventBridge delivers the key as written, not URL-encoded.
    String key = text(detail.path("object"), "key", "detail.object");
    if ("Object Deleted".equals(type)) {
      String how = detail.path("deletion-type").asText("");
      return new ParsedMessage(false, List.of(), List.of(),
          List.of(new ObjectRemoved(bucket, key, how.isEmpty() ? type : type + " (" + how + ")")));
    }
    return new ParsedMessage(false, List.of(new ObjectCreated(bucket, key, type)), List.of(), List.of());
  }

  /** S3 notifications URL-encode the key with '+' for a space: form encoding, which URLDecoder reverses. */
  static String decodeKey(String raw, String at) throws MalformedEventException {
    try {
      return URLDecoder.decode(raw, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException(at + ": '" + raw + "' is not URL-encoded properly (" + e.getMessage() + ")");
    }
  }

  private static String text(JsonNode node, String field, String at) throws MalformedEventException {
    JsonNode value = node.get(field);
    String path = at.isEmpty() ? field : at + "." + field;
    if (value == null || value.isNull() || value.isMissingNode()) {
      throw new MalformedEventException(path + ": missing");
    }
    if (!value.isTextual() || value.asText().isEmpty()) {
      throw new MalformedEventException(path + ": not a non-empty string");
    }
    return value.asText();
  }
}
